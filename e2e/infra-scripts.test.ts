import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect } from 'node:net';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startNginx } from './support/nginx.ts';
import { startRedis } from './support/redis.ts';

/*
 * The scripts of infra/redis and infra/nginx against the real binaries: Redis comes back on
 * the same port after a stop or a kill; nginx skips a dead instance, retries idempotent
 * requests on another one but never a POST that already reached an instance, and takes a new
 * upstream list on reload.
 */
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

/** PING over RESP on a raw socket: PONG, or the connection error. */
function ping(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    socket.once('data', (data) => {
      resolve(data.toString().trim());
      socket.destroy();
    });
    socket.write('PING\r\n');
  });
}

describe('infra/redis', () => {
  it('starts on a free port, stops, starts again on the same port, survives a kill', async () => {
    const redis = await startRedis();
    cleanup.push(() => redis.stop());
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await ping(redis.port)).toBe('+PONG');
    const first = redis.dir() as string;
    await redis.stop();
    expect(existsSync(first)).toBe(false);
    expect(await ping(redis.port)).toBe('ECONNREFUSED');
    await redis.start();
    expect(await ping(redis.port)).toBe('+PONG');
    await redis.kill();
    expect(await ping(redis.port)).toBe('ECONNREFUSED');
    await redis.start();
    expect(await ping(redis.port)).toBe('+PONG');
  });
});

/** A stand-in instance that says who it is; `dropPosts` closes the connection on a POST after reading it. */
async function upstream(name: string, options: { dropPosts?: boolean } = {}): Promise<{ server: Server; address: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      if (options.dropPosts && req.method === 'POST') return req.socket.destroy();
      res.writeHead(200, { 'content-type': 'text/plain' }).end(name);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { server, address: `127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

function send(url: string, method = 'GET'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

describe('infra/nginx', () => {
  it('skips a dead instance, retries only what is safe to retry, and reloads a new upstream list', async () => {
    const a = await upstream('a', { dropPosts: true });
    const b = await upstream('b');
    const nginx = await startNginx({ upstreams: [a.address, b.address] });
    cleanup.push(() => nginx.stop());

    // A POST that reached `a` and got no answer is not sent to `b` (it may have been applied).
    const posts = await Promise.all(Array.from({ length: 6 }, () => send(`${nginx.url}/api/x`, 'POST')));
    const postsToA = a.hits.filter((h) => h.startsWith('POST')).length;
    expect(postsToA).toBeGreaterThan(0);
    expect(posts.filter((p) => p.status === 502)).toHaveLength(postsToA);
    expect(b.hits.filter((h) => h.startsWith('POST'))).toHaveLength(6 - postsToA);

    // `a` dies: every GET and POST still succeeds on `b` (a refused connection sent nothing).
    await new Promise<void>((resolve) => {
      a.server.close(() => resolve());
      a.server.closeAllConnections();
    });
    const after = await Promise.all([...Array.from({ length: 4 }, () => send(`${nginx.url}/x`)), send(`${nginx.url}/api/y`, 'POST')]);
    expect(after.map((r) => `${r.status} ${r.text}`)).toEqual(Array.from({ length: 5 }, () => '200 b'));

    // Reload onto a fresh instance only.
    const c = await upstream('c');
    await nginx.reload({ upstreams: [c.address] });
    // Workers switch over after the reload signal; new connections go to the new list.
    for (let i = 0; i < 50; i++) {
      if ((await send(`${nginx.url}/x`)).text === 'c') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const reloaded = await Promise.all(Array.from({ length: 4 }, () => send(`${nginx.url}/x`)));
    expect(reloaded.map((r) => r.text)).toEqual(['c', 'c', 'c', 'c']);
  });

  it('upgrades WebSockets on /collab and replaces client-supplied X-Forwarded-* headers', async () => {
    // By path: start.sh's readiness probe (/healthz) arrives here too.
    const seen = new Map<string, Record<string, string | string[] | undefined>>();
    const server = createServer((req, res) => {
      seen.set(req.url ?? '', req.headers);
      res.end('ok');
    });
    server.on('upgrade', (req, socket) => {
      seen.set(req.url ?? '', req.headers);
      socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));
    const nginx = await startNginx({ upstreams: [`127.0.0.1:${(server.address() as AddressInfo).port}`] });
    cleanup.push(() => nginx.stop());

    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${nginx.url}/api/z`, { headers: { 'x-forwarded-for': '6.6.6.6', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', forwarded: 'for=6.6.6.6' } }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
    const host = new URL(nginx.url).host;
    expect(seen.get('/api/z')).toMatchObject({ 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', 'x-forwarded-host': host, host });
    expect(seen.get('/api/z')?.forwarded).toBeUndefined();

    const upgraded = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${nginx.url}/collab`, { headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end();
    });
    expect(upgraded).toBe(101);
    expect(seen.get('/collab')).toMatchObject({ upgrade: 'websocket', connection: 'upgrade', 'x-forwarded-for': '127.0.0.1' });
  });
});
