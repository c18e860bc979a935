import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../e2e/support/server-process.ts';
import { passwordGrant } from '../../e2e/support/tokens.ts';
import { ArtifactsClient } from '../sdk/index.ts';
import type { StoredLogin } from './credentials.ts';
import { startCli } from './test-cli.ts';

/*
 * `artifacts append` against a server whose embedded IdP issues 15-second tokens (its
 * minimum), streaming for three lifetimes: stored logins are renewed and every line arrives
 * once, in order; a bare ARTIFACTS_TOKEN ends with a clear message and an exact account.
 */

const TTL_S = 15;
const STREAM_MS = 3 * TTL_S * 1000;
const AGENT = { clientId: 'artifacts-agent', secret: 'artifacts-agent-secret' };

let server: ServerProcess;
let scratch: string;
const children: ReturnType<typeof startCli>['child'][] = [];

beforeAll(async () => {
  server = await startServerProcess({ env: { EMBEDDED_IDP_TOKEN_TTL_S: String(TTL_S) } });
  scratch = mkdtempSync(path.join(tmpdir(), 'la-token-'));
}, 60_000);

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

afterAll(async () => {
  await server?.dispose();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const tokenEndpoint = () => `${server.issuer}/protocol/openid-connect/token`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function agentToken(): Promise<{ access_token: string; expires_in: number }> {
  const basic = Buffer.from(`${AGENT.clientId}:${AGENT.secret}`).toString('base64');
  const response = await fetch(tokenEndpoint(), { method: 'POST', headers: { authorization: `Basic ${basic}` }, body: new URLSearchParams({ grant_type: 'client_credentials' }) });
  if (!response.ok) throw new Error(`agent token: ${response.status} ${await response.text()}`);
  return (await response.json()) as { access_token: string; expires_in: number };
}

/** A credentials file as `artifacts login` writes it; `expiresAt` may lie, to force the 401 path. */
function storeLogin(name: string, login: Omit<StoredLogin, 'issuer' | 'tokenEndpoint'>): string {
  const file = path.join(scratch, name, 'credentials.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ version: 1, logins: { [server.issuer]: { issuer: server.issuer, tokenEndpoint: tokenEndpoint(), ...login } } }), { mode: 0o600 });
  return file;
}

function storedToken(file: string): string {
  return (JSON.parse(readFileSync(file, 'utf8')) as { logins: Record<string, StoredLogin> }).logins[server.issuer]?.accessToken ?? '';
}

async function markdownArtifact(accessToken: string, title: string): Promise<string> {
  const client = new ArtifactsClient({ baseUrl: server.url, token: accessToken });
  const { id } = await client.create({ title });
  return id;
}

/** Read as the owner (artifacts are private), with a token fresh enough for one call. */
async function logText(id: string, owner: 'alice' | 'bob' | 'carol' | 'agent'): Promise<string> {
  const { access_token } = owner === 'agent' ? await agentToken() : await passwordGrant(server.issuer, owner);
  const section = (await new ArtifactsClient({ baseUrl: server.url, token: access_token }).get(id)).sections.find((s) => s.id === 'log');
  return section?.type === 'code' ? section.code : '';
}

/**
 * Runs `artifacts append` fed a numbered line every 100 ms for `forMs` (or until it exits),
 * counting the distinct tokens the credentials file held meanwhile (its renewals).
 */
async function stream(id: string, env: Record<string, string | undefined>, forMs: number, file?: string) {
  const { child, done } = startCli(['append', id, '--section', 'log', '--as', 'log', '--create'], { ARTIFACTS_URL: server.url, ARTIFACTS_ISSUER: undefined, ARTIFACTS_CLIENT_SECRET: undefined, ARTIFACTS_TOKEN: undefined, ...env });
  children.push(child);
  const lines: string[] = [];
  const tokens = new Set<string>();
  const deadline = Date.now() + forMs;
  while (Date.now() < deadline && child.exitCode === null) {
    const line = `${String(lines.length).padStart(4, '0')} at ${new Date().toISOString()}\n`;
    lines.push(line);
    child.stdin.write(line);
    if (file) tokens.add(storedToken(file));
    await sleep(100);
  }
  if (child.exitCode === null) child.stdin.end();
  return { lines, tokens, result: await done };
}

describe('artifacts append with 15-second tokens', () => {
  it('renews stored logins (refresh token, client credentials, and after a 401) and delivers every line once, in order', async () => {
    const alice = await passwordGrant(server.issuer, 'alice');
    const refreshLogin = storeLogin('refresh', {
      clientId: 'artifacts-cli',
      grant: 'device',
      accessToken: alice.access_token,
      refreshToken: alice.refresh_token!,
      expiresAt: new Date(Date.now() + (alice.expires_in ?? TTL_S) * 1000).toISOString(),
    });
    // Says the token lasts an hour: only the server's 401 tells the CLI it must renew.
    const bob = await passwordGrant(server.issuer, 'bob');
    const lyingLogin = storeLogin('lying', { clientId: 'artifacts-cli', grant: 'device', accessToken: bob.access_token, refreshToken: bob.refresh_token!, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    const agent = await agentToken();
    const agentLogin = storeLogin('agent', { clientId: AGENT.clientId, grant: 'client_credentials', accessToken: agent.access_token, expiresAt: new Date(Date.now() + agent.expires_in * 1000).toISOString() });

    const owners = ['alice', 'bob', 'agent'] as const;
    const ids = [await markdownArtifact(alice.access_token, 'Alice'), await markdownArtifact(bob.access_token, 'Bob'), await markdownArtifact(agent.access_token, 'Agent')];
    const runs = await Promise.all([
      stream(ids[0]!, { ARTIFACTS_CREDENTIALS: refreshLogin }, STREAM_MS, refreshLogin),
      stream(ids[1]!, { ARTIFACTS_CREDENTIALS: lyingLogin }, STREAM_MS, lyingLogin),
      stream(ids[2]!, { ARTIFACTS_CREDENTIALS: agentLogin, ARTIFACTS_CLIENT_SECRET: AGENT.secret }, STREAM_MS, agentLogin),
    ]);

    for (const [i, { lines, tokens, result }] of runs.entries()) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe('');
      expect(lines.length).toBeGreaterThan(STREAM_MS / 200);
      expect(await logText(ids[i]!, owners[i]!)).toBe(lines.join(''));
      // Renewed every ~10 s (a third of the lifetime before expiry), not on every request.
      expect(tokens.size).toBeGreaterThanOrEqual(3);
      expect(tokens.size).toBeLessThanOrEqual(8);
    }
  }, 120_000);

  it('ends with a clear message when a bare ARTIFACTS_TOKEN expires, accounting for every line', async () => {
    const carol = await passwordGrant(server.issuer, 'carol');
    const id = await markdownArtifact(carol.access_token, 'Bare token');
    const started = Date.now();
    const { lines, result } = await stream(id, { ARTIFACTS_TOKEN: carol.access_token }, STREAM_MS);
    expect(result.code).toBe(1);
    expect(Date.now() - started).toBeLessThan((TTL_S + 10) * 1000); // no hang after the expiry
    const [error, hint, account, ...rest] = result.stderr.trimEnd().split('\n');
    expect(error).toBe('error unauthorized: the token has expired; sign in again');
    expect(hint).toMatch(/^ARTIFACTS_TOKEN expired at \S+ and cannot be renewed\. .*'artifacts login'/);
    const [, applied, unsent] = /^(\d+) lines appended to log before the error; (\d+) not sent$/.exec(account ?? '') ?? [];
    expect(rest).toEqual([]);
    // What was acknowledged is there, exactly once, in order; the rest is counted, not lost silently.
    const text = await logText(id, 'carol');
    expect(text.split('\n').length - 1).toBe(Number(applied));
    expect(text).toBe(lines.slice(0, Number(applied)).join(''));
    expect(Number(applied) + Number(unsent)).toBeLessThanOrEqual(lines.length);
    expect(Number(applied)).toBeGreaterThan(50);
  }, 120_000);
});
