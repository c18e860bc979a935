import { request as httpRequest } from 'node:http';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { startNginx, type TestNginx } from '../e2e/support/nginx.ts';
import { eventually, startTestServer } from './test-server.ts';

/*
 * A real server behind the real nginx of infra/nginx, with TRUSTED_PROXIES naming nginx's
 * address (127.0.0.1). Clients connect from other loopback addresses (127.0.0.2, 127.0.0.3),
 * so what the server records shows whose address it believed: nginx's X-Forwarded-For, and
 * never a header a client wrote itself.
 */

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
let nginx: TestNginx;

beforeAll(async () => {
  server = await startTestServer({ TRUSTED_PROXIES: '127.0.0.1', MAX_SOCKETS_PER_ADDRESS: '1' });
  const upstream = new URL(server.url);
  const usercontent = new URL(server.usercontentUrl);
  nginx = await startNginx({ upstreams: [`127.0.0.1:${upstream.port}`], usercontentUpstreams: [`127.0.0.1:${usercontent.port}`] });
});
afterAll(async () => {
  await nginx?.stop();
  await server?.dispose();
});

/** One request from `localAddress` (a loopback address other than nginx's). */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; localAddress: string }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: { ...(options.body ? { 'content-type': 'application/json' } : {}), ...options.headers }, localAddress: options.localAddress }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

async function viewedFrom(artifactId: string): Promise<{ address: string | null; via: string | undefined }[]> {
  const rows = await server.store.db.query<{ client_address: string | null; details: { via?: string } | string | null }>(
    `select client_address, details from audit_events where artifact_id = '${artifactId}' and action = 'viewed' order by seq`,
  );
  return rows.map((row) => {
    const details = typeof row.details === 'string' ? (JSON.parse(row.details) as { via?: string }) : row.details;
    return { address: row.client_address, via: details?.via };
  });
}

describe('behind nginx', () => {
  it('records the client address nginx forwards, and ignores what clients write themselves', async () => {
    const created = await send(`${nginx.url}/api/artifacts`, { method: 'POST', body: JSON.stringify({ title: 'Proxied' }), localAddress: '127.0.0.2', headers: { 'x-forwarded-for': '6.6.6.6', 'x-forwarded-host': 'evil.example' } });
    expect(created.status).toBe(201);
    const { id, url } = JSON.parse(created.text) as { id: string; url: string };
    // Links name the origin the client used (nginx's), not the instance's nor a spoofed host.
    expect(url).toBe(`${nginx.url}/a/${id}`);

    // Through nginx, with a spoofed X-Forwarded-For: nginx replaces it with the real peer.
    expect((await send(`${nginx.url}/api/artifacts/${id}`, { localAddress: '127.0.0.2', headers: { 'x-forwarded-for': '6.6.6.6' } })).status).toBe(200);
    expect((await viewedFrom(id)).map((v) => v.address)).toEqual(['127.0.0.2']);

    // Straight to the instance from an untrusted peer, claiming to be someone else: ignored.
    // (Another artifact: a repeated view within a minute is not recorded twice.)
    const other = (JSON.parse((await send(`${server.url}/api/artifacts`, { method: 'POST', body: JSON.stringify({ title: 'Direct' }), localAddress: '127.0.0.3' })).text) as { id: string }).id;
    expect((await send(`${server.url}/api/artifacts/${other}`, { localAddress: '127.0.0.3', headers: { 'x-forwarded-for': '9.9.9.9', 'x-forwarded-proto': 'https' } })).status).toBe(200);
    expect((await viewedFrom(other)).map((v) => v.address)).toEqual(['127.0.0.3']);
  });

  it('carries the WebSocket through nginx and keys it by the forwarded address', async () => {
    const created = JSON.parse((await send(`${nginx.url}/api/artifacts`, { method: 'POST', body: JSON.stringify({ title: 'Socket' }), localAddress: '127.0.0.2' })).text) as { id: string };
    class FromAddress extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, { localAddress: '127.0.0.4', headers: { 'x-forwarded-for': '6.6.6.6' } });
      }
    }
    const doc = new Y.Doc();
    const websocketProvider = new HocuspocusProviderWebsocket({ url: `${nginx.url.replace(/^http/, 'ws')}/collab`, WebSocketPolyfill: FromAddress });
    const provider = new HocuspocusProvider({ websocketProvider, name: created.id, document: doc, token: 'test' });
    provider.attach();
    try {
      await eventually(() => expect(provider.isSynced).toBe(true), 10_000);
      // An op through nginx reaches the socket that came through nginx.
      const ops = await send(`${nginx.url}/api/artifacts/${created.id}/ops`, { method: 'POST', localAddress: '127.0.0.2', body: JSON.stringify({ ops: [{ op: 'section.upsert', section: { id: 's', type: 'markdown', text: 'through nginx' } }] }) });
      expect(ops.status).toBe(200);
      await eventually(() => expect(doc.getArray('sections').length).toBe(1), 5_000);
      await eventually(async () => expect(await viewedFrom(created.id)).toContainEqual({ address: '127.0.0.4', via: 'socket' }));
    } finally {
      provider.destroy();
      websocketProvider.destroy();
    }
  });

  it('applies the per-address socket cap to the forwarded address, not to nginx', async () => {
    /** Opens a raw WebSocket through nginx from `localAddress`: 101, or the status it was refused with. */
    const open = (localAddress: string) =>
      new Promise<{ status: number; ws: WebSocket }>((resolve, reject) => {
        const ws = new WebSocket(`${nginx.url.replace(/^http/, 'ws')}/collab`, { localAddress });
        ws.once('open', () => resolve({ status: 101, ws }));
        ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, ws }));
        ws.once('error', reject);
      });
    // MAX_SOCKETS_PER_ADDRESS=1: one socket per client, however many come through nginx.
    const first = await open('127.0.0.5');
    const second = await open('127.0.0.5');
    const other = await open('127.0.0.6');
    try {
      expect([first.status, second.status, other.status]).toEqual([101, 429, 101]);
    } finally {
      for (const { ws } of [first, second, other]) ws.terminate();
    }
  });

  it('serves the user-content origin on its own listener and refuses bodies over MAX_BODY_BYTES at the edge', async () => {
    const usercontent = await send(`${nginx.usercontentUrl}/nothing-here`, { localAddress: '127.0.0.2' });
    // The instance's user-content server answered (not nginx's own 502).
    expect(usercontent.status).toBe(404);
    const tooBig = Buffer.alloc(16 * 1024 * 1024 + 1024, 'a');
    expect((await send(`${nginx.url}/api/artifacts`, { method: 'POST', body: tooBig, localAddress: '127.0.0.2' })).status).toBe(413);
  });
});
