import { describe, expect, it } from 'vitest';
import { oidcAuthenticator } from '../auth/oidc.ts';
import { accessToken, authorizeUrl as authorizeWith, idpForFile, pkce, TestBrowser, tokenRequest, type RunningIdp } from './test-support.ts';

let idp: RunningIdp;
idpForFile('idp-login-', (started) => (idp = started));

/** The web client's one redirect URI: the app's root (the embedded IdP is mounted on the app's origin). */
const redirect = () => `${idp.origin}/`;

const authorizeUrl = (params: Record<string, string>) => authorizeWith(idp.issuer, params);

describe('embedded IdP: browser sign-in for artifacts-web', () => {
  it('signs alice in with the login page, authorization code and PKCE', async () => {
    const browser = new TestBrowser(idp.issuer);
    const { verifier, challenge } = pkce();
    const login = await browser.follow(authorizeUrl({ redirect_uri: redirect(), code_challenge: challenge, code_challenge_method: 'S256' }));
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
    expect(callback.origin + callback.pathname).toBe(redirect());
    expect(callback.searchParams.get('state')).toBe('st4te');
    expect(callback.searchParams.get('iss')).toBe(idp.issuer);
    const code = String(callback.searchParams.get('code'));

    const answer = await tokenRequest(idp, { grant_type: 'authorization_code', client_id: 'artifacts-web', code, redirect_uri: redirect(), code_verifier: verifier });
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
    const logoutUrl = `${idp.issuer}/protocol/openid-connect/logout?${new URLSearchParams({ client_id: 'artifacts-web', id_token_hint: String(answer.body.id_token), post_logout_redirect_uri: redirect() })}`;
    const confirm = await browser.request(logoutUrl);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('name="logout" value="yes"');
    const script = /<script>(.*?)<\/script>/.exec(confirm.text)?.[1] ?? '';
    expect(script).toContain('op.logoutForm');
    const action = new URL(String(/action="([^"]+)"/.exec(confirm.text)?.[1]), idp.issuer).href;
    const xsrf = String(/name="xsrf" value="([^"]+)"/.exec(confirm.text)?.[1]);
    const done = await browser.request(action, { xsrf, logout: 'yes' });
    expect(done.location).toBe(redirect());
    // The session is gone: the next authorization shows the login page again.
    const again = await browser.follow(authorizeUrl({ redirect_uri: redirect(), code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    expect(again.text).toContain('name="password"');
  });

  it('requires S256 PKCE and the registered redirect URI', async () => {
    const browser = new TestBrowser(idp.issuer);
    const noPkce = await browser.request(authorizeUrl({ redirect_uri: redirect() }));
    expect(new URL(String(noPkce.location)).searchParams.get('error')).toBe('invalid_request');
    const plain = await browser.request(authorizeUrl({ redirect_uri: redirect(), code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }));
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

    const browser = new TestBrowser(idp.issuer);
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
