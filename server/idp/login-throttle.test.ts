import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginThrottle, retryAfterText } from './login-throttle.ts';
import { authorizeUrl, passwordGrant, pkce, startIdp, TestBrowser, type RunningIdp } from './test-support.ts';

/*
 * Wrong passwords are throttled per account and per client address; right ones never count.
 * The class on its own with a hand-moved clock, then the real IdP over HTTP (password grant and
 * login page share one throttle) with the same kind of clock.
 */
const MINUTE_MS = 60_000;

function clock(startMs = 1_000_000) {
  const state = { nowMs: startMs };
  return { nowMs: () => state.nowMs, advance: (ms: number) => void (state.nowMs += ms) };
}

describe('LoginThrottle', () => {
  it('locks an account after 5 failures in 15 minutes, for a time that doubles while the guessing goes on', () => {
    const time = clock();
    const throttle = new LoginThrottle({ nowMs: time.nowMs });
    for (let i = 0; i < 4; i++) {
      expect(throttle.check('alice', '10.0.0.1')).toEqual({ allowed: true });
      throttle.fail('alice', '10.0.0.1');
    }
    expect(throttle.check('alice', '10.0.0.1')).toEqual({ allowed: true });
    throttle.fail('alice', '10.0.0.1');
    expect(throttle.check('alice', '10.0.0.1')).toEqual({ allowed: false, retryAfterMs: MINUTE_MS });
    // Another address, another case: still alice's account.
    expect(throttle.check('ALICE', '10.0.0.2')).toMatchObject({ allowed: false });
    expect(throttle.check('bob', '10.0.0.1')).toEqual({ allowed: true });
    time.advance(MINUTE_MS);
    expect(throttle.check('alice', '10.0.0.1')).toEqual({ allowed: true });
    throttle.fail('alice', '10.0.0.1');
    expect(throttle.check('alice', '10.0.0.1')).toEqual({ allowed: false, retryAfterMs: 2 * MINUTE_MS });
    time.advance(2 * MINUTE_MS);
    throttle.fail('alice', '10.0.0.1');
    expect(throttle.check('alice', '10.0.0.1')).toEqual({ allowed: false, retryAfterMs: 4 * MINUTE_MS });
    // After a quiet 15 minutes the count starts again.
    time.advance(4 * MINUTE_MS + 15 * MINUTE_MS);
    throttle.fail('alice', '10.0.0.1');
    expect(throttle.check('alice', '10.0.0.1')).toEqual({ allowed: true });
  });

  it('caps the lockout at 15 minutes', () => {
    const time = clock();
    const throttle = new LoginThrottle({ nowMs: time.nowMs });
    let waitMs = 0;
    for (let i = 0; i < 12; i++) {
      const verdict = throttle.check('alice', null);
      if (!verdict.allowed) time.advance(verdict.retryAfterMs);
      throttle.fail('alice', null);
      const after = throttle.check('alice', null);
      if (!after.allowed) waitMs = after.retryAfterMs;
    }
    expect(waitMs).toBe(15 * MINUTE_MS);
  });

  it('never counts a right password, and forgets the account failures it follows', () => {
    const throttle = new LoginThrottle({ nowMs: clock().nowMs });
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 4; i++) throttle.fail('alice', null);
      throttle.succeed('alice');
    }
    expect(throttle.check('alice', null)).toEqual({ allowed: true });
    for (let i = 0; i < 1_000; i++) throttle.succeed('bob');
    expect(throttle.check('bob', '10.0.0.1')).toEqual({ allowed: true });
  });

  it('locks an address that guesses across accounts after 20 failures; other addresses go on', () => {
    const throttle = new LoginThrottle({ nowMs: clock().nowMs });
    for (let i = 0; i < 20; i++) throttle.fail(`user${i}`, '10.0.0.9');
    expect(throttle.check('somebody', '10.0.0.9')).toMatchObject({ allowed: false });
    expect(throttle.check('somebody', '10.0.0.8')).toEqual({ allowed: true });
    // A right password does not clear the address.
    throttle.succeed('somebody');
    expect(throttle.check('somebody', '10.0.0.9')).toMatchObject({ allowed: false });
  });

  it('stays bounded, keeping lockouts over entries that no longer matter', () => {
    const throttle = new LoginThrottle({ nowMs: clock().nowMs, maxEntries: 100 });
    for (let i = 0; i < 5; i++) throttle.fail('alice', null);
    for (let i = 0; i < 1_000; i++) throttle.fail(`guess${i}`, null);
    expect(throttle.size).toBeLessThanOrEqual(100);
    expect(throttle.check('alice', null)).toMatchObject({ allowed: false });
  });

  it('says how long to wait in words', () => {
    expect(retryAfterText(1)).toBe('1 second');
    expect(retryAfterText(30_000)).toBe('30 seconds');
    expect(retryAfterText(60_000)).toBe('1 minute');
    expect(retryAfterText(61_000)).toBe('2 minutes');
  });
});

describe('the embedded IdP throttles wrong passwords', () => {
  let dir: string;
  let idp: RunningIdp;
  const time = clock(Date.now());
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'idp-throttle-'));
    idp = await startIdp(dir, 0, { loginThrottle: { nowMs: time.nowMs } });
  });
  afterAll(async () => {
    await idp?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const loginPage = async (browser: TestBrowser) => (await browser.follow(authorizeUrl(idp.issuer, { redirect_uri: `${idp.origin}/`, code_challenge: pkce().challenge, code_challenge_method: 'S256' }))).url;

  it('signs the same user in many times without ever throttling', async () => {
    for (let i = 0; i < 30; i++) expect((await passwordGrant(idp, 'bob')).status).toBe(200);
    for (let i = 0; i < 8; i++) {
      const browser = new TestBrowser(idp.issuer);
      expect((await browser.request(await loginPage(browser), { username: 'bob', password: 'bob' })).status).toBe(303);
    }
  });

  it('6 wrong passwords for alice: 429 on the password grant and on the login page; others unaffected; the right one after the wait', async () => {
    for (let i = 0; i < 5; i++) {
      const wrong = await passwordGrant(idp, 'alice', 'wrong');
      expect(wrong.status).toBe(400);
      expect(wrong.body.error).toBe('invalid_grant');
    }
    const sixth = await fetch(idp.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: 'artifacts-cli', username: 'alice', password: 'wrong' }) });
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toBe('60');
    expect(await sixth.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/too many failed sign-in attempts; try again in 1 minute/) });
    // Throttled means not even the right password is checked.
    expect((await passwordGrant(idp, 'alice')).status).toBe(429);

    const browser = new TestBrowser(idp.issuer);
    const page = await browser.request(await loginPage(browser), { username: 'alice', password: 'alice' });
    expect(page.status).toBe(429);
    expect(page.text).toContain('Too many failed sign-in attempts. Try again in 1 minute.');
    expect(page.text).toContain('name="password"');

    // Other users, from the same address, sign in as usual.
    expect((await passwordGrant(idp, 'bob')).status).toBe(200);
    const other = new TestBrowser(idp.issuer);
    expect((await other.request(await loginPage(other), { username: 'carol', password: 'carol' })).status).toBe(303);

    time.advance(MINUTE_MS);
    expect((await passwordGrant(idp, 'alice')).status).toBe(200);
    const again = new TestBrowser(idp.issuer);
    expect((await again.request(await loginPage(again), { username: 'alice', password: 'alice' })).status).toBe(303);
  });

  it('counts wrong passwords typed on the login page too', async () => {
    const browser = new TestBrowser(idp.issuer);
    const url = await loginPage(browser);
    for (let i = 0; i < 5; i++) expect((await browser.request(url, { username: 'vic', password: 'nope' })).status).toBe(400);
    const throttled = await browser.request(url, { username: 'vic', password: 'vic' });
    expect(throttled.status).toBe(429);
    expect(throttled.text).toContain('Too many failed sign-in attempts.');
    expect((await passwordGrant(idp, 'vic')).status).toBe(429);
    time.advance(MINUTE_MS);
    expect((await browser.request(url, { username: 'vic', password: 'vic' })).status).toBe(303);
  });
});
