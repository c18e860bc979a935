import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmbeddedIdp, type EmbeddedIdp } from './index.ts';

/** An embedded IdP on its own HTTP server (port 0 unless given), for tests. */
export interface RunningIdp extends EmbeddedIdp {
  port: number;
  tokenUrl: string;
  stop(): Promise<void>;
}

export async function startIdp(keysDir: string, port = 0): Promise<RunningIdp> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const idp = await createEmbeddedIdp({ baseUrl: `http://127.0.0.1:${actual}`, keysDir });
  server.on('request', idp.handler);
  return {
    ...idp,
    port: actual,
    tokenUrl: `${idp.issuer}/protocol/openid-connect/token`,
    async stop() {
      await idp.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
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
