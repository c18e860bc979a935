import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcAuthenticator } from '../auth/oidc.ts';
import { accessToken, startIdp, tokenRequest, type RunningIdp } from './test-support.ts';

let dir: string;
let idp: RunningIdp;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'idp-login-'));
  idp = await startIdp(dir);
});
afterAll(async () => {
  await idp?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A browser in miniature: keeps cookies (ignoring paths) and does not follow redirects. */
class Browser {
  private readonly jar = new Map<string, string>();
  async request(url: string, form?: Record<string, string>): Promise<{ status: number; location: string | undefined; text: string }> {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      ...(form ? { body: new URLSearchParams(form) } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1);
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const location = response.headers.get('location') ?? undefined;
    return { status: response.status, location: location ? new URL(location, url).href : undefined, text: await response.text() };
  }
  /** Follows redirects until one leaves the IdP (returned) or a page is shown (returned). */
  async follow(url: string): Promise<{ status: number; url: string; text: string }> {
    let current = url;
    for (let hops = 0; hops < 10; hops++) {
      if (!current.startsWith(idp.issuer)) return { status: 302, url: current, text: '' };
      const answer = await this.request(current);
      if (!answer.location) return { status: answer.status, url: current, text: answer.text };
      current = answer.location;
    }
    throw new Error('too many redirects');
  }
}

const REDIRECT = 'http://localhost:5173/auth/callback';

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(params: Record<string, string>): string {
  return `${idp.issuer}/protocol/openid-connect/auth?${new URLSearchParams({ client_id: 'artifacts-web', response_type: 'code', scope: 'openid', state: 'st4te', ...params })}`;
}

describe('embedded IdP: browser sign-in for artifacts-web', () => {
  it('signs alice in with the login page, authorization code and PKCE', async () => {
    const browser = new Browser();
    const { verifier, challenge } = pkce();
    const login = await browser.follow(authorizeUrl({ redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S256' }));
    expect(login.status).toBe(200);
    expect(login.url).toContain('/realms/artifacts/login-actions/');
    expect(login.text).toContain('name="password"');

    const wrong = await browser.request(login.url, { username: 'alice', password: 'bob' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Invalid username or password.');

    const right = await browser.request(login.url, { username: 'alice', password: 'alice' });
    expect(right.status).toBe(303);
    const back = await browser.follow(String(right.location));
    const callback = new URL(back.url);
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    expect(callback.searchParams.get('state')).toBe('st4te');
    expect(callback.searchParams.get('iss')).toBe(idp.issuer);
    const code = String(callback.searchParams.get('code'));

    const answer = await tokenRequest(idp, { grant_type: 'authorization_code', client_id: 'artifacts-web', code, redirect_uri: REDIRECT, code_verifier: verifier });
    const auth = oidcAuthenticator({ issuer: idp.issuer, audience: 'artifacts-api', clients: ['artifacts-web'] });
    expect(await auth.authenticate(await accessToken(answer))).toMatchObject({ name: 'Alice Anders', orgId: 'acme', roles: ['artifact-author'], groups: ['acme-sre'] });
    expect(typeof answer.body.id_token).toBe('string');

    // Like Keycloak, the web client gets a refresh token and renews its access token with it.
    // keycloak-js reads the refresh token's payload (Keycloak's are JWTs); the API refuses it.
    const refreshPayload = JSON.parse(Buffer.from(String(answer.body.refresh_token).split('.')[1] ?? '', 'base64url').toString()) as { typ: string; exp: number };
    expect(refreshPayload).toMatchObject({ typ: 'Refresh', exp: expect.any(Number) });
    await expect(auth.authenticate(String(answer.body.refresh_token))).rejects.toThrow();
    const renewed = await tokenRequest(idp, { grant_type: 'refresh_token', client_id: 'artifacts-web', refresh_token: String(answer.body.refresh_token) });
    expect(await auth.authenticate(await accessToken(renewed))).toMatchObject({ orgId: 'acme' });

    // Sign-out with id_token_hint (what keycloak-js sends) submits itself; the script is the
    // only one the page's CSP allows, by hash.
    const logoutUrl = `${idp.issuer}/protocol/openid-connect/logout?${new URLSearchParams({ client_id: 'artifacts-web', id_token_hint: String(answer.body.id_token), post_logout_redirect_uri: 'http://localhost:5173/' })}`;
    const confirm = await browser.request(logoutUrl);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('name="logout" value="yes"');
    const script = /<script>(.*?)<\/script>/.exec(confirm.text)?.[1] ?? '';
    expect(script).toContain('op.logoutForm');
    const action = new URL(String(/action="([^"]+)"/.exec(confirm.text)?.[1]), idp.issuer).href;
    const xsrf = String(/name="xsrf" value="([^"]+)"/.exec(confirm.text)?.[1]);
    const done = await browser.request(action, { xsrf, logout: 'yes' });
    expect(done.location).toBe('http://localhost:5173/');
    // The session is gone: the next authorization shows the login page again.
    const again = await browser.follow(authorizeUrl({ redirect_uri: REDIRECT, code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    expect(again.text).toContain('name="password"');
  });

  it('requires S256 PKCE and a loopback redirect URI', async () => {
    const browser = new Browser();
    const noPkce = await browser.request(authorizeUrl({ redirect_uri: REDIRECT }));
    expect(new URL(String(noPkce.location)).searchParams.get('error')).toBe('invalid_request');
    const plain = await browser.request(authorizeUrl({ redirect_uri: REDIRECT, code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }));
    expect(new URL(String(plain.location)).searchParams.get('error')).toBe('invalid_request');
    const elsewhere = await browser.request(authorizeUrl({ redirect_uri: 'https://evil.example/cb', code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.location).toBeUndefined();
  });
});

describe('embedded IdP: device authorization for artifacts-cli', () => {
  it('lets carol approve a device code in the browser', async () => {
    const start = await fetch(`${idp.issuer}/protocol/openid-connect/auth/device`, { method: 'POST', body: new URLSearchParams({ client_id: 'artifacts-cli', scope: 'openid' }) });
    expect(start.status).toBe(200);
    const device = (await start.json()) as { device_code: string; user_code: string; verification_uri_complete: string };
    const pending = await tokenRequest(idp, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: 'artifacts-cli', device_code: device.device_code });
    expect(pending.body.error).toBe('authorization_pending');

    const browser = new Browser();
    const confirm = await browser.follow(device.verification_uri_complete);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.text)?.[1];
    expect(xsrf).toBeTruthy();
    const confirmed = await browser.request(`${idp.issuer}/device`, { xsrf: String(xsrf), user_code: device.user_code, confirm: 'yes' });
    const login = await browser.follow(String(confirmed.location));
    expect(login.text).toContain('name="password"');
    const signedIn = await browser.request(login.url, { username: 'carol', password: 'carol' });
    const done = await browser.follow(String(signedIn.location));
    expect(done.status).toBe(200);

    const answer = await tokenRequest(idp, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: 'artifacts-cli', device_code: device.device_code });
    const auth = oidcAuthenticator({ issuer: idp.issuer, audience: 'artifacts-api', clients: [] });
    expect(await auth.authenticate(await accessToken(answer))).toMatchObject({ name: 'Carol Chen', orgId: 'globex', groups: ['globex-eng'] });
  });
});
