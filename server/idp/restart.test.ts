import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../app.ts';
import { oidcAuthenticator } from '../auth/oidc.ts';
import { loadConfig } from '../config.ts';
import { api } from '../test-server.ts';
import { COOKIE_KEYS_FILE } from './keys.ts';
import { accessToken, authorizeUrl, idpForFile, passwordGrant, pkce, TestBrowser, tokenRequest, type RunningIdp } from './test-support.ts';

/*
 * What a restart of the embedded IdP keeps (same keys directory, database and port): refresh
 * tokens, browser sessions and device logins in progress. Before, all of it lived in memory and
 * the cookie keys were random per start, so a restart signed everyone out.
 */
let dir: string;
let idp: RunningIdp;
const file = idpForFile('idp-restart-', (started, where) => {
  idp = started;
  dir = where;
});

const restart = () => file.restart();

const verifier = () => oidcAuthenticator({ issuer: idp.issuer, audience: 'artifacts-api', clients: [] });
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** The opaque id inside a JWT-shaped refresh token (server/idp/refresh-token.ts). */
const refreshId = (token: unknown) => String(token).split('.')[2];

/** Alice through the login page with PKCE: the browser keeps the IdP's cookies; returns the tokens. */
async function browserSignIn(browser: TestBrowser): Promise<Record<string, unknown>> {
  const { verifier: codeVerifier, challenge } = pkce();
  const login = await browser.follow(authorizeUrl(idp.issuer, { redirect_uri: `${idp.origin}/`, code_challenge: challenge, code_challenge_method: 'S256' }));
  expect(login.text).toContain('name="password"');
  const done = await browser.request(login.url, { username: 'alice', password: 'alice' });
  const code = new URL((await browser.follow(String(done.location))).url).searchParams.get('code');
  const answer = await tokenRequest(idp, { grant_type: 'authorization_code', client_id: 'artifacts-web', code: String(code), redirect_uri: `${idp.origin}/`, code_verifier: codeVerifier });
  expect(answer.status).toBe(200);
  return answer.body;
}

describe('embedded IdP across a restart', () => {
  it('refreshes a refresh token obtained before the restart', async () => {
    const before = await passwordGrant(idp, 'bob');
    await restart();
    const refreshed = await tokenRequest(idp, { grant_type: 'refresh_token', client_id: 'artifacts-cli', refresh_token: String(before.body.refresh_token) });
    expect(refreshed.status).toBe(200);
    expect(await verifier().authenticate(await accessToken(refreshed))).toMatchObject({ name: 'Bob Baker', orgId: 'acme' });
  });

  it('keeps a browser signed in: a new authorization gets a code without the login form', async () => {
    const browser = new TestBrowser(idp.issuer);
    await browserSignIn(browser);
    const keys = await readFile(path.join(dir, COOKIE_KEYS_FILE), 'utf8');
    expect((await stat(path.join(dir, COOKIE_KEYS_FILE))).mode & 0o777).toBe(0o600);
    await restart();
    expect(await readFile(path.join(dir, COOKIE_KEYS_FILE), 'utf8')).toBe(keys);

    const { verifier: codeVerifier, challenge } = pkce();
    const back = await browser.follow(authorizeUrl(idp.issuer, { redirect_uri: `${idp.origin}/`, code_challenge: challenge, code_challenge_method: 'S256' }));
    expect(back.text).not.toContain('name="password"');
    const code = new URL(back.url).searchParams.get('code');
    expect(code).toBeTruthy();
    const answer = await tokenRequest(idp, { grant_type: 'authorization_code', client_id: 'artifacts-web', code: String(code), redirect_uri: `${idp.origin}/`, code_verifier: codeVerifier });
    expect(await verifier().authenticate(await accessToken(answer))).toMatchObject({ name: 'Alice Anders' });
  });

  it('lets a device login started before the restart be approved after it', async () => {
    const start = await fetch(`${idp.issuer}/protocol/openid-connect/auth/device`, { method: 'POST', body: new URLSearchParams({ client_id: 'artifacts-cli', scope: 'openid' }) });
    const device = (await start.json()) as { device_code: string; user_code: string; verification_uri_complete: string };
    expect((await tokenRequest(idp, { grant_type: DEVICE_GRANT, client_id: 'artifacts-cli', device_code: device.device_code })).body.error).toBe('authorization_pending');
    await restart();

    const browser = new TestBrowser(idp.issuer);
    const confirm = await browser.follow(device.verification_uri_complete);
    const xsrf = String(/name="xsrf" value="([^"]+)"/.exec(confirm.text)?.[1]);
    const confirmed = await browser.request(`${idp.issuer}/device`, { xsrf, user_code: device.user_code, confirm: 'yes' });
    const login = await browser.follow(String(confirmed.location));
    const signedIn = await browser.request(login.url, { username: 'carol', password: 'carol' });
    expect((await browser.follow(String(signedIn.location))).text).toContain('Device connected');
    const answer = await tokenRequest(idp, { grant_type: DEVICE_GRANT, client_id: 'artifacts-cli', device_code: device.device_code });
    expect(await verifier().authenticate(await accessToken(answer))).toMatchObject({ name: 'Carol Chen', orgId: 'globex' });
  });
});

describe('embedded IdP: revocation clears the database', () => {
  const rowsOf = async (grantId: string) =>
    (await idp.db.query<{ model: string }>(`select model from idp_entries where grant_id = $1 or (model = 'Grant' and id = $1) order by model`, [grantId])).map((r) => r.model);
  const grantOf = async (token: unknown) =>
    String((await idp.db.query<{ grant_id: string }>(`select grant_id from idp_entries where model = 'RefreshToken' and id = $1`, [refreshId(token)]))[0]?.grant_id);

  it("revoking a refresh token deletes its grant's rows", async () => {
    const answer = await passwordGrant(idp, 'vic');
    const grantId = await grantOf(answer.body.refresh_token);
    expect(await rowsOf(grantId)).toEqual(['Grant', 'RefreshToken']);
    // What `artifacts logout` sends (oidc-provider 9 refuses JWT-shaped tokens here unless unwrapped).
    const revoke = (clientId: string) =>
      fetch(`${idp.issuer}/protocol/openid-connect/revoke`, {
        method: 'POST',
        body: new URLSearchParams({ client_id: clientId, token: String(answer.body.refresh_token), token_type_hint: 'refresh_token' }),
      });
    const byOther = await revoke('artifacts-web');
    expect(byOther.status).toBe(200);
    expect(await rowsOf(grantId)).toEqual(['Grant', 'RefreshToken']);
    const revoked = await revoke('artifacts-cli');
    expect(revoked.status, await revoked.text()).toBe(200);
    expect(await rowsOf(grantId)).toEqual([]);
    const refused = await tokenRequest(idp, { grant_type: 'refresh_token', client_id: 'artifacts-cli', refresh_token: String(answer.body.refresh_token) });
    expect(refused.body.error).toBe('invalid_grant');
  });

  it("signing out deletes the session and its grant's rows", async () => {
    const browser = new TestBrowser(idp.issuer);
    const tokens = await browserSignIn(browser);
    const grantId = await grantOf(tokens.refresh_token);
    // The code stays, consumed (a second use of it revokes the grant), until it expires.
    expect(await rowsOf(grantId)).toEqual(['AuthorizationCode', 'Grant', 'RefreshToken']);
    const sessions = async () => Number((await idp.db.query<{ n: number }>(`select count(*)::int as n from idp_entries where model = 'Session' and account_id is not null`))[0]?.n);
    const before = await sessions();
    const logout = `${idp.issuer}/protocol/openid-connect/logout?${new URLSearchParams({ client_id: 'artifacts-web', id_token_hint: String(tokens.id_token), post_logout_redirect_uri: `${idp.origin}/` })}`;
    const confirm = await browser.request(logout);
    const action = new URL(String(/action="([^"]+)"/.exec(confirm.text)?.[1]), idp.issuer).href;
    const xsrf = String(/name="xsrf" value="([^"]+)"/.exec(confirm.text)?.[1]);
    expect((await browser.request(action, { xsrf, logout: 'yes' })).location).toBe(`${idp.origin}/`);
    expect(await rowsOf(grantId)).toEqual([]);
    expect(await sessions()).toBe(before - 1);
  });
});

describe('the real server across a restart (same data directory and port)', () => {
  it('refreshes a refresh token obtained before the restart, and the API takes the new access token', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'la-idp-server-'));
    const boot = (port: number) => startServer(loadConfig({ PORT: String(port), USERCONTENT_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
    let server = await boot(0);
    try {
      const tokenUrl = () => `${server.issuer}/protocol/openid-connect/token`;
      const grant = async (params: Record<string, string>) => (await (await fetch(tokenUrl(), { method: 'POST', body: new URLSearchParams({ client_id: 'artifacts-cli', ...params }) })).json()) as Record<string, unknown>;
      const first = await grant({ grant_type: 'password', username: 'alice', password: 'alice' });
      expect(typeof first.refresh_token).toBe('string');
      const { port } = server;
      await server.close();
      server = await boot(port);
      const refreshed = await grant({ grant_type: 'refresh_token', refresh_token: String(first.refresh_token) });
      expect(typeof refreshed.access_token).toBe('string');
      expect((await api(server.url, 'GET', '/api/artifacts', undefined, String(refreshed.access_token))).status).toBe(200);
    } finally {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
