import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYCLOAK_ISSUER, passwordToken } from '../../e2e/support/keycloak.ts';
import { startServerProcess, type ServerProcess } from '../../e2e/support/server-process.ts';
import type { StoredLogin } from './credentials.ts';
import { startCli, type CliResult } from './test-cli.ts';


let server: ServerProcess;
let scratch: string;

beforeAll(async () => {
  server = await startServerProcess({ env: { OIDC_ISSUER: KEYCLOAK_ISSUER } });
  scratch = mkdtempSync(path.join(tmpdir(), 'la-login-'));
}, 60_000);

afterAll(async () => {
  await server?.dispose();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** `artifacts ...` with no ARTIFACTS_TOKEN and its own credentials file. */
function start(args: string[], env: Record<string, string>) {
  const started = startCli(args, { ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: undefined, ARTIFACTS_ISSUER: undefined, ARTIFACTS_CLIENT_SECRET: undefined, ...env });
  started.child.stdin.end();
  return started;
}

function run(args: string[], env: Record<string, string>): Promise<CliResult> {
  return start(args, env).done;
}

function credentialsFile(name: string): string {
  return path.join(scratch, name, 'credentials.json');
}

function stored(file: string): Record<string, StoredLogin> {
  return (JSON.parse(readFileSync(file, 'utf8')) as { logins: Record<string, StoredLogin> }).logins;
}

/** No token, refresh token or secret may ever reach the terminal. */
function expectNoSecrets(result: CliResult, file: string): void {
  const text = result.stdout + result.stderr;
  expect(text).not.toContain('artifacts-agent-secret');
  if (!existsSync(file)) return;
  for (const login of Object.values(stored(file))) {
    expect(text).not.toContain(login.accessToken);
    if (login.refreshToken) expect(text).not.toContain(login.refreshToken);
  }
  expect(text).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
}

/**
 * Approves a device code the way a person does in a browser, with plain HTTP: Keycloak's
 * verification page, the username page, the password page (Keycloak 26 with organizations asks
 * in that order), then the consent ("grant access") page.
 */
async function approveDevice(verificationUrl: string, username: string, decision: 'accept' | 'cancel' = 'accept'): Promise<void> {
  const jar = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}): Promise<{ url: string; html: string }> => {
    for (let hops = 0; hops < 20; hops++) {
      const response = await fetch(url, { ...init, redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const cookie of response.headers.getSetCookie()) {
        const pair = cookie.split(';')[0] ?? '';
        const at = pair.indexOf('=');
        jar.set(pair.slice(0, at), pair.slice(at + 1));
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url).href;
        init = {};
        continue;
      }
      return { url, html: await response.text() };
    }
    throw new Error('too many redirects');
  };
  let page = await go(verificationUrl);
  for (let step = 0; step < 5; step++) {
    const action = /<form[^>]*action="([^"]+)"/.exec(page.html)?.[1];
    if (!action) break;
    const body = new URLSearchParams();
    for (const [input] of page.html.matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(input)?.[1];
      if (!name) continue;
      if (name === 'username' || name === 'password') body.set(name, username);
      else if (input.includes('type="hidden"')) body.set(name, /value="([^"]*)"/.exec(input)?.[1] ?? '');
    }
    if (page.html.includes('name="accept"')) body.set(decision, 'yes');
    page = await go(new URL(action.replace(/&amp;/g, '&'), page.url).href, { method: 'POST', body });
  }
  if (!page.url.includes('/device/status')) throw new Error(`device approval ended on ${page.url}`);
}

/** Starts `artifacts login`, reads the code URL from its stdout, approves it as `username`. */
async function deviceLogin(file: string, username: string, decision: 'accept' | 'cancel' = 'accept'): Promise<CliResult> {
  const { child, done } = start(['login'], { ARTIFACTS_CREDENTIALS: file });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no verification URL printed')), 20_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /\(or open (\S+)\)/.exec(line);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve(match[1]);
    });
  });
  await approveDevice(url, username, decision);
  return done;
}

describe('artifacts login --client-credentials', () => {
  it('stores the token 0600 without printing it, and create/list use it', async () => {
    const file = credentialsFile('agent');
    const login = await run(['login', '--client-credentials', '--client-id', 'artifacts-agent'], { ARTIFACTS_CREDENTIALS: file, ARTIFACTS_CLIENT_SECRET: 'artifacts-agent-secret' });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain(`Logged in to ${KEYCLOAK_ISSUER}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const entry = stored(file)[KEYCLOAK_ISSUER];
    expect(entry).toMatchObject({ issuer: KEYCLOAK_ISSUER, clientId: 'artifacts-agent', grant: 'client_credentials', tokenEndpoint: `${KEYCLOAK_ISSUER}/protocol/openid-connect/token` });
    expect(Date.parse(entry!.expiresAt)).toBeGreaterThan(Date.now());
    expectNoSecrets(login, file);

    const created = await run(['create', '--title', 'Pipeline run 7'], { ARTIFACTS_CREDENTIALS: file });
    expect(created.code, created.stderr).toBe(0);
    const id = created.stdout.split('\n')[0]!;
    const list = await run(['list'], { ARTIFACTS_CREDENTIALS: file });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(id);
    expect(list.stdout).toContain('Pipeline run 7');
    expectNoSecrets(list, file);

    // Expired: renewed with a new client-credentials token when the secret is in the environment…
    writeFileSync(file, JSON.stringify({ version: 1, logins: { [KEYCLOAK_ISSUER]: { ...entry, expiresAt: new Date(Date.now() - 1000).toISOString() } } }));
    const renewed = await run(['list'], { ARTIFACTS_CREDENTIALS: file, ARTIFACTS_CLIENT_SECRET: 'artifacts-agent-secret' });
    expect(renewed.code, renewed.stderr).toBe(0);
    expect(stored(file)[KEYCLOAK_ISSUER]!.accessToken).not.toBe(entry!.accessToken);
    // …and refused with a clear message when it is not.
    writeFileSync(file, JSON.stringify({ version: 1, logins: { [KEYCLOAK_ISSUER]: { ...entry, expiresAt: new Date(Date.now() - 1000).toISOString() } } }));
    const refused = await run(['list'], { ARTIFACTS_CREDENTIALS: file });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('run "artifacts login" again');
  });

  it('never takes the secret from argv and needs a client id', async () => {
    const file = credentialsFile('usage');
    const noSecret = await run(['login', '--client-credentials', '--client-id', 'artifacts-agent'], { ARTIFACTS_CREDENTIALS: file });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('ARTIFACTS_CLIENT_SECRET');
    const argvSecret = await run(['login', '--client-credentials', '--client-id', 'artifacts-agent', '--client-secret', 'x'], { ARTIFACTS_CREDENTIALS: file });
    expect(argvSecret.code).toBe(2);
    const noId = await run(['login', '--client-credentials'], { ARTIFACTS_CREDENTIALS: file, ARTIFACTS_CLIENT_SECRET: 'artifacts-agent-secret' });
    expect(noId.code).toBe(2);
    const wrong = await run(['login', '--client-credentials', '--client-id', 'artifacts-agent'], { ARTIFACTS_CREDENTIALS: file, ARTIFACTS_CLIENT_SECRET: 'wrong' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('refused the client credentials');
    expect(existsSync(file)).toBe(false);
  });
});

describe('artifacts login (device authorization grant)', () => {
  it('prints a code, waits for the approval, then the other commands act as that person', async () => {
    const file = credentialsFile('alice');
    const login = await deviceLogin(file, 'alice');
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(/enter the code [A-Z]{4}-[A-Z]{4}/);
    expect(login.stderr).toContain('as alice');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const entry = stored(file)[KEYCLOAK_ISSUER]!;
    expect(entry).toMatchObject({ clientId: 'artifacts-cli', grant: 'device' });
    expect(entry.refreshToken).toBeTruthy();
    expectNoSecrets(login, file);

    const created = await run(['create', '--title', 'Alice device login'], { ARTIFACTS_CREDENTIALS: file });
    expect(created.code, created.stderr).toBe(0);
    const list = await run(['list', '--json'], { ARTIFACTS_CREDENTIALS: file });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('Alice device login');
  }, 60_000);

  it('says so when the person denies the request', async () => {
    const file = credentialsFile('denied');
    const login = await deviceLogin(file, 'bob', 'cancel');
    expect(login.code).toBe(1);
    expect(login.stderr).toContain('denied');
    expect(existsSync(file)).toBe(false);
  }, 60_000);

  it('refreshes a stored login that is about to expire, and says to log in again when it cannot', async () => {
    const file = credentialsFile('refresh');
    const tokens = await passwordToken('alice');
    const old: StoredLogin = {
      issuer: KEYCLOAK_ISSUER,
      clientId: 'artifacts-cli',
      grant: 'device',
      tokenEndpoint: `${KEYCLOAK_ISSUER}/protocol/openid-connect/token`,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token!,
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    };
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ version: 1, logins: { [KEYCLOAK_ISSUER]: old } }));

    const list = await run(['list'], { ARTIFACTS_CREDENTIALS: file });
    expect(list.code, list.stderr).toBe(0);
    const fresh = stored(file)[KEYCLOAK_ISSUER]!;
    expect(fresh.accessToken).not.toBe(old.accessToken);
    expect(Date.parse(fresh.expiresAt)).toBeGreaterThan(Date.now() + 60_000);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expectNoSecrets(list, file);

    writeFileSync(file, JSON.stringify({ version: 1, logins: { [KEYCLOAK_ISSUER]: { ...old, refreshToken: 'not-a-refresh-token' } } }));
    const failed = await run(['list'], { ARTIFACTS_CREDENTIALS: file });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('run "artifacts login" again');
    expect(failed.stderr).not.toContain('internal');
  });
});

describe('artifacts logout', () => {
  it('removes the login; the next command fails clearly, ARTIFACTS_TOKEN still works', async () => {
    const file = credentialsFile('logout');
    const tokens = await passwordToken('bob');
    mkdirSync(path.dirname(file), { recursive: true });
    const other = { issuer: 'https://other.example/realms/x', clientId: 'artifacts-cli', grant: 'device', tokenEndpoint: 'https://other.example/token', accessToken: 'a', expiresAt: new Date().toISOString() };
    const login: StoredLogin = { issuer: KEYCLOAK_ISSUER, clientId: 'artifacts-cli', grant: 'device', tokenEndpoint: `${KEYCLOAK_ISSUER}/protocol/openid-connect/token`, accessToken: tokens.access_token, refreshToken: tokens.refresh_token!, expiresAt: new Date(Date.now() + 240_000).toISOString() };
    writeFileSync(file, JSON.stringify({ version: 1, logins: { [KEYCLOAK_ISSUER]: login, [other.issuer]: other } }));
    expect((await run(['list'], { ARTIFACTS_CREDENTIALS: file })).code).toBe(0);

    const logout = await run(['logout'], { ARTIFACTS_CREDENTIALS: file });
    expect(logout.code, logout.stderr).toBe(0);
    expect(logout.stderr).toContain(`Logged out of ${KEYCLOAK_ISSUER}`);
    expect(Object.keys(stored(file))).toEqual([other.issuer]);
    // The refresh token was revoked at Keycloak.
    const refresh = await fetch(login.tokenEndpoint, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'artifacts-cli', refresh_token: login.refreshToken! }) });
    expect(refresh.status).toBe(400);

    const after = await run(['list'], { ARTIFACTS_CREDENTIALS: file });
    expect(after.code).toBe(1);
    expect(after.stderr).toContain(`error not_logged_in: not logged in to ${KEYCLOAK_ISSUER}; run "artifacts login"`);
    const again = await run(['logout'], { ARTIFACTS_CREDENTIALS: file });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Not logged in');

    const withToken = await run(['list'], { ARTIFACTS_CREDENTIALS: file, ARTIFACTS_TOKEN: (await passwordToken('bob')).access_token });
    expect(withToken.code, withToken.stderr).toBe(0);
  });
});

describe('issuer discovery', () => {
  let devServer: Server;
  let devUrl: string;
  const authorization: (string | undefined)[] = [];
  beforeAll(async () => {
    // A stand-in for `npm start` without OIDC_ISSUER.
    devServer = createServer((req, res) => {
      authorization.push(req.headers.authorization);
      res.setHeader('content-type', 'application/json');
      res.end(req.url === '/api/config' ? JSON.stringify({ oidc: null }) : JSON.stringify({ artifacts: [] }));
    });
    await new Promise<void>((resolve) => devServer.listen(0, '127.0.0.1', resolve));
    const address = devServer.address();
    devUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => devServer.close(() => resolve())));

  it('refuses to log in to a server with the development identity, and needs no login there', async () => {
    const file = credentialsFile('dev');
    const login = await run(['login', '--url', devUrl], { ARTIFACTS_CREDENTIALS: file });
    expect(login.code).toBe(1);
    expect(login.stderr).toContain('development identity');
    expect(login.stderr).toContain('no login is needed');
    const list = await run(['list', '--url', devUrl], { ARTIFACTS_CREDENTIALS: file });
    expect(list.code, list.stderr).toBe(0);
    expect(authorization.filter(Boolean)).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it('documents login and logout in --help', async () => {
    const main = await run(['--help'], {});
    expect(main.stdout).toContain('login');
    expect(main.stdout).toContain('ARTIFACTS_CLIENT_SECRET');
    const help = await run(['login', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--client-credentials');
    expect(help.stdout).toContain('device authorization grant');
  });
});
