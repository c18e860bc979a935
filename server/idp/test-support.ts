import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openStorage, type SqlClient } from '../store/index.ts';
import { createEmbeddedIdp, type EmbeddedIdp, type EmbeddedIdpOptions } from './index.ts';

/**
 * An embedded IdP on its own HTTP server (port 0 unless given), for tests: its keys in `dir`,
 * its state in a PGlite database in `dir/db`. The same `dir` and port make a restart.
 */
export interface RunningIdp extends EmbeddedIdp {
  db: SqlClient;
  port: number;
  /** The origin it is mounted on, as the app's would be: e.g. `http://127.0.0.1:4711`. */
  origin: string;
  tokenUrl: string;
  stop(): Promise<void>;
}

export async function startIdp(dir: string, port = 0, options: Pick<EmbeddedIdpOptions, 'loginThrottle' | 'storeLimits'> = {}): Promise<RunningIdp> {
  const storage = await openStorage({ dataDir: path.join(dir, 'db') });
  const { db } = storage;
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${actual}`;
  const idp = await createEmbeddedIdp({ baseUrl: origin, keysDir: dir, entries: storage.idpEntries, ...options });
  server.on('request', idp.handler);
  return {
    ...idp,
    db,
    port: actual,
    origin,
    tokenUrl: `${idp.issuer}/protocol/openid-connect/token`,
    async stop() {
      await idp.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await storage.close();
    },
  };
}

/**
 * One embedded IdP for a whole test file, in a temporary directory made for it: started before
 * its tests (`started` receives it, and again after each `restart`), stopped and removed after.
 * `restart()` stops it and starts it again on the same directory and port.
 */
export function idpForFile(prefix: string, started: (idp: RunningIdp, dir: string) => void): { restart(): Promise<void> } {
  let dir: string | undefined;
  let idp: RunningIdp | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix));
    idp = await startIdp(dir);
    started(idp, dir);
  });
  afterAll(async () => {
    await idp?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return {
    async restart() {
      if (!idp || !dir) throw new Error('the IdP has not started');
      const { port } = idp;
      await idp.stop();
      idp = await startIdp(dir, port);
      started(idp, dir);
    },
  };
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

export async function tokenRequest(idp: RunningIdp, params: Record<string, string>): Promise<TokenAnswer> {
  const response = await fetch(idp.tokenUrl, { method: 'POST', body: new URLSearchParams(params) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function passwordGrant(idp: RunningIdp, username: string, password = username, extra: Record<string, string> = {}): Promise<TokenAnswer> {
  return tokenRequest(idp, { grant_type: 'password', client_id: 'artifacts-cli', username, password, ...extra });
}

export async function accessToken(answer: TokenAnswer): Promise<string> {
  const token = answer.body.access_token;
  if (answer.status !== 200 || typeof token !== 'string') throw new Error(`no access token: ${answer.status} ${JSON.stringify(answer.body)}`);
  return token;
}

export function decode(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header = '', payload = ''] = jwt.split('.');
  const part = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: part(header), payload: part(payload) };
}

/** A browser in miniature: keeps cookies (ignoring paths) and does not follow redirects. */
export class TestBrowser {
  private readonly jar = new Map<string, string>();
  constructor(private readonly issuer: string) {}

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
      if (!current.startsWith(this.issuer)) return { status: 302, url: current, text: '' };
      const answer = await this.request(current);
      if (!answer.location) return { status: answer.status, url: current, text: answer.text };
      current = answer.location;
    }
    throw new Error('too many redirects');
  }
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** An authorization request of the web client (`artifacts-web`) unless `params` say otherwise. */
export function authorizeUrl(issuer: string, params: Record<string, string>): string {
  return `${issuer}/protocol/openid-connect/auth?${new URLSearchParams({ client_id: 'artifacts-web', response_type: 'code', scope: 'openid', state: 'st4te', ...params })}`;
}
