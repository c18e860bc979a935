import { describe, expect, it } from 'vitest';
import { startTestServer } from '../test-server.ts';
import { authorizeUrl, idpForFile, passwordGrant, pkce, TestBrowser, type RunningIdp } from './test-support.ts';

/*
 * Where the embedded IdP sends authorization codes, and who may read its answers from a script:
 * the web client's one redirect URI is the app's root (no other loopback port or path, so a code
 * cannot be caught by whoever listens on one), and CORS answers only the app's own origin.
 */
let idp: RunningIdp;
idpForFile('idp-redirects-', (started) => (idp = started));

const codeRequest = (redirectUri: string, clientId = 'artifacts-web') =>
  authorizeUrl(idp.issuer, { client_id: clientId, redirect_uri: redirectUri, code_challenge: pkce().challenge, code_challenge_method: 'S256' });

/** Signs alice in through the login page, so the browser holds an IdP session. */
async function signedInBrowser(): Promise<TestBrowser> {
  const browser = new TestBrowser(idp.issuer);
  const login = await browser.follow(codeRequest(`${idp.origin}/`));
  const done = await browser.request(login.url, { username: 'alice', password: 'alice' });
  const back = await browser.follow(String(done.location));
  expect(new URL(back.url).searchParams.get('code')).toBeTruthy();
  return browser;
}

describe('redirect URIs', () => {
  const port = () => Number(new URL(idp.origin).port);
  const unregistered = () => [
    `http://127.0.0.1:${port() + 1}/`,
    'http://127.0.0.1:1/callback',
    `http://localhost:${port()}/`,
    `http://127.0.0.1:${port()}/a/abc`,
    `http://127.0.0.1:${port()}/?next=x`,
    `http://127.0.0.1/`,
    'http://[::1]:8080/',
  ];

  it('sends the code of a signed-in user only to the app root, never to another loopback URL', async () => {
    const browser = await signedInBrowser();
    for (const uri of unregistered()) {
      const answer = await browser.request(codeRequest(uri));
      expect(answer.status, uri).toBe(400);
      expect(answer.location, uri).toBeUndefined();
      expect(answer.text, uri).toMatch(/redirect_uri/);
    }
    // The registered one still works straight away (the session is alive): the check is not a broken login.
    const again = await browser.follow(codeRequest(`${idp.origin}/`));
    expect(new URL(again.url).origin + new URL(again.url).pathname).toBe(`${idp.origin}/`);
    expect(new URL(again.url).searchParams.get('code')).toBeTruthy();
  });

  it('gives the CLI no redirect at all (it uses the device flow), loopback or not', async () => {
    const answer = await new TestBrowser(idp.issuer).request(codeRequest(`http://127.0.0.1:${port() + 1}/`, 'artifacts-cli'));
    expect(answer.status).toBe(400);
    expect(answer.location).toBeUndefined();
  });

  it('signs out back to the app root only', async () => {
    const browser = await signedInBrowser();
    for (const uri of [`http://127.0.0.1:${port() + 1}/`, `http://localhost:${port()}/`]) {
      const logout = await browser.request(`${idp.issuer}/protocol/openid-connect/logout?${new URLSearchParams({ client_id: 'artifacts-web', post_logout_redirect_uri: uri })}`);
      expect(logout.status, uri).toBe(400);
      expect(logout.location, uri).toBeUndefined();
    }
  });
});

describe('CORS', () => {
  const foreign = ['https://evil.example', 'http://127.0.0.1:1', 'null'];
  const corsHeaders = (response: Response) => [...response.headers.keys()].filter((k) => k.startsWith('access-control-'));

  it('answers no other origin: discovery, JWKS, preflights and the token endpoint', async () => {
    for (const origin of foreign) {
      const discovery = await fetch(`${idp.issuer}/.well-known/openid-configuration`, { headers: { origin } });
      expect(discovery.status).toBe(200);
      expect(corsHeaders(discovery), origin).toEqual([]);
      const jwks = await fetch(`${idp.issuer}/protocol/openid-connect/certs`, { headers: { origin } });
      expect(corsHeaders(jwks), origin).toEqual([]);
      const preflight = await fetch(idp.tokenUrl, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect(corsHeaders(preflight), origin).toEqual([]);
      const token = await fetch(idp.tokenUrl, {
        method: 'POST',
        headers: { origin },
        body: new URLSearchParams({ grant_type: 'password', client_id: 'artifacts-cli', username: 'alice', password: 'alice' }),
      });
      expect(corsHeaders(token), origin).toEqual([]);
      expect(((await token.json()) as { access_token?: string }).access_token).toBeUndefined();
    }
    // Without an Origin (a script, the CLI) the token endpoint answers as before.
    expect((await passwordGrant(idp, 'alice')).status).toBe(200);
  });

  it("answers the app's own origin, with credentials, for the web client", async () => {
    const preflight = await fetch(idp.tokenUrl, { method: 'OPTIONS', headers: { origin: idp.origin, 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(idp.origin);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    const discovery = await fetch(`${idp.issuer}/.well-known/openid-configuration`, { headers: { origin: idp.origin } });
    expect(discovery.headers.get('access-control-allow-origin')).toBe(idp.origin);
  });
});

describe('mounted in the real server', () => {
  it("registers the app's origin and answers CORS for it alone", async () => {
    const server = await startTestServer({}, { authenticator: 'idp' });
    try {
      const login = await new TestBrowser(server.issuer).follow(authorizeUrl(server.issuer, { redirect_uri: `${server.url}/`, code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
      expect(login.text).toContain('name="password"');
      const elsewhere = await new TestBrowser(server.issuer).request(authorizeUrl(server.issuer, { redirect_uri: `http://127.0.0.1:${server.port + 1}/`, code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
      expect(elsewhere.status).toBe(400);
      const preflight = (origin: string) => fetch(`${server.issuer}/protocol/openid-connect/token`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect((await preflight(server.url)).headers.get('access-control-allow-origin')).toBe(server.url);
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await server.dispose();
    }
  });
});
