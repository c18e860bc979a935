import { createServer, type IncomingMessage, type Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../e2e/support/rejection.ts';
import { serverForFile } from '../../e2e/support/server-for-file.ts';
import type { ServerProcess } from '../../e2e/support/server-process.ts';
import { ArtifactsClient, ArtifactsError, type FetchLike, type RetryEvent } from './index.ts';

let server: ServerProcess;
let token: string;

serverForFile((started, alice) => {
  server = started;
  token = alice;
});

interface Sent {
  url: string;
  key: string | null;
  body: string;
  replayed: string | null;
}

/** Records every attempt; `dropAnswer(n)` true makes attempt n get through to the server but lose its answer. */
function recordingFetch(dropAnswer: (attempt: number, url: string) => boolean = () => false) {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (url, init) => {
    const attempt = sent.length;
    const record: Sent = { url, key: new Headers(init.headers).get('idempotency-key'), body: String(init.body ?? ''), replayed: null };
    sent.push(record);
    const response = await globalThis.fetch(url, init);
    record.replayed = response.headers.get('idempotent-replayed');
    if (!dropAnswer(attempt, url)) return response;
    await response.arrayBuffer(); // the server has answered: the batch is applied
    throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
  };
  return { fetch, sent };
}

async function markdownSection(client: ArtifactsClient, title: string): Promise<string> {
  const { id } = await client.create({ title });
  await client.ops(id, [{ op: 'section.upsert', section: { id: 'log', type: 'markdown', text: '' } }]);
  return id;
}

async function textOf(id: string): Promise<string | undefined> {
  const section = (await new ArtifactsClient({ baseUrl: server.url, token }).get(id)).sections[0];
  return section && 'text' in section ? section.text : undefined;
}

const caught = (promise: Promise<unknown>) => rejectionOf(promise, ArtifactsError);
const fast = { baseDelayMs: 20 };

describe('idempotency keys', () => {
  it('resends a batch whose answer was lost with the same key and body, and it is applied once', async () => {
    const { fetch, sent } = recordingFetch((attempt, url) => attempt === 0 && url.endsWith('/ops'));
    const setup = new ArtifactsClient({ baseUrl: server.url, token });
    const id = await markdownSection(setup, 'Lost answer');
    const client = new ArtifactsClient({ baseUrl: server.url, token, fetch, retry: fast });
    expect(await client.ops(id, [{ op: 'text.append', id: 'log', text: 'once\n' }])).toEqual({ applied: 1 });
    expect(sent).toHaveLength(2);
    expect(sent[0]?.key).toMatch(/^[\x21-\x7e]{1,255}$/);
    expect(sent[1]).toMatchObject({ key: sent[0]?.key, body: sent[0]?.body, replayed: 'true' });
    expect(await textOf(id)).toBe('once\n');
  });

  it('gives every call and every stream batch a key of its own', async () => {
    const { fetch, sent } = recordingFetch();
    const client = new ArtifactsClient({ baseUrl: server.url, token, fetch });
    const id = await markdownSection(client, 'Keys');
    await client.ops(id, [{ op: 'text.append', id: 'log', text: 'a' }]);
    const stream = client.streamText(id, 'log', { intervalMs: 1 });
    stream.write('b');
    await stream.flush();
    stream.write('c');
    await stream.close();
    await client.publish(id, { message: 'keyed' });
    const keyed = sent.filter((s) => s.url.endsWith('/ops') || s.url.endsWith('/versions'));
    expect(keyed).toHaveLength(5);
    expect(new Set(keyed.map((s) => s.key)).size).toBe(5);
    expect(sent.filter((s) => s.url.endsWith('/api/artifacts')).map((s) => s.key)).toEqual([null]);
    expect(await textOf(id)).toBe('abc');
  });

  it('a stream whose answers keep getting lost still applies every batch once, in order', async () => {
    const { fetch } = recordingFetch((attempt) => attempt % 2 === 1);
    const setup = new ArtifactsClient({ baseUrl: server.url, token });
    const id = await markdownSection(setup, 'Flaky network');
    const client = new ArtifactsClient({ baseUrl: server.url, token, fetch, retry: fast });
    const stream = client.streamText(id, 'log', { intervalMs: 2 });
    let expected = '';
    for (let i = 0; i < 40; i++) {
      stream.write(`${i}\n`);
      expected += `${i}\n`;
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await stream.close();
    expect(await textOf(id)).toBe(expected);
  });
});

describe('timeouts', () => {
  it('turns a hung server (SIGSTOP) into timeouts and retries, and applies the batch once', async () => {
    const setup = new ArtifactsClient({ baseUrl: server.url, token });
    const id = await markdownSection(setup, 'Hung server');
    const retries: RetryEvent[] = [];
    const client = new ArtifactsClient({ baseUrl: server.url, token, timeoutMs: 300, retry: { baseDelayMs: 50, onRetry: (e) => retries.push(e) } });
    server.child.kill('SIGSTOP');
    const resume = setTimeout(() => server.child.kill('SIGCONT'), 1_200);
    try {
      await client.ops(id, [{ op: 'text.append', id: 'log', text: 'after the stall\n' }], { retry: { maxAttempts: 20 } });
    } finally {
      clearTimeout(resume);
      server.child.kill('SIGCONT');
    }
    expect(retries[0]?.error).toMatchObject({ status: 0, code: 'timeout' });
    expect(retries[0]?.error.message).toContain('within 0.3 s');
    expect(await textOf(id)).toBe('after the stall\n');
  });
});

describe('token renewal', () => {
  it('asks the token function once for a renewed token after a 401, then succeeds', async () => {
    const asked: boolean[] = [];
    const client = new ArtifactsClient({ baseUrl: server.url, token: ({ renew }) => (asked.push(renew), renew ? token : 'revoked-token') });
    expect(Array.isArray(await client.list())).toBe(true);
    expect(asked).toEqual([false, true]);
  });

  it('takes the 401 as final when the function cannot renew, and a plain string token at once', async () => {
    const { fetch, sent } = recordingFetch();
    const stuck = new ArtifactsClient({ baseUrl: server.url, fetch, token: () => 'revoked-token' });
    expect(await caught(stuck.list())).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(sent).toHaveLength(1);
    const plain = new ArtifactsClient({ baseUrl: server.url, fetch, token: 'revoked-token' });
    expect(await caught(plain.ops('aaaaaaaaaaaaaaaa', [{ op: 'meta.set', title: 'x' }]))).toMatchObject({ status: 401 });
    expect(sent).toHaveLength(2);
  });
});

describe('final errors', () => {
  it('sends 403, 404 and 400 once, and refuses a key reused for another body', async () => {
    const { fetch, sent } = recordingFetch();
    const alice = new ArtifactsClient({ baseUrl: server.url, token, fetch });
    const id = await markdownSection(alice, 'Final');
    const bob = new ArtifactsClient({ baseUrl: server.url, token: await server.token('carol'), fetch });
    const before = sent.length;
    expect((await caught(bob.ops(id, [{ op: 'text.append', id: 'log', text: 'x' }]))).status).toBe(404);
    expect((await caught(alice.ops(id, [{ op: 'text.append', id: 'nope', text: 'x' }]))).code).toBe('section_not_found');
    expect((await caught(alice.ops('aaaaaaaaaaaaaaaa', [{ op: 'meta.set', title: 'x' }]))).status).toBe(404);
    expect(sent.length - before).toBe(3);
    await alice.ops(id, [{ op: 'text.append', id: 'log', text: 'first' }], { idempotencyKey: 'my-key-1' });
    expect(await caught(alice.ops(id, [{ op: 'text.append', id: 'log', text: 'other' }], { idempotencyKey: 'my-key-1' }))).toMatchObject({ status: 409, code: 'idempotency_key_reused' });
    expect(await caught(alice.ops(id, [{ op: 'text.append', id: 'log', text: 'x' }], { idempotencyKey: 'has space' }))).toMatchObject({ status: 400, code: 'invalid_idempotency_key' });
    expect(sent.length - before).toBe(6);
    expect(await textOf(id)).toBe('first');
  });
});

/** A proxy in front of the real server that answers the first requests itself (a restarting or rate-limiting gateway). */
async function gateway(canned: { status: number; headers?: Record<string, string>; code: string }[]) {
  const seenAtMs: number[] = [];
  const proxy: Server = createServer((req, res) => {
    void (async () => {
      seenAtMs.push(Date.now());
      const body = await read(req);
      const answer = canned.shift();
      if (answer) {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(JSON.stringify({ error: { code: answer.code, message: answer.code } }));
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host' && e[0] !== 'content-length'));
      const upstream = await fetch(server.url + (req.url ?? '/'), { method: req.method ?? 'GET', headers, ...(body.length ? { body } : {}) });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { url, seenAtMs, close: () => new Promise<void>((resolve) => proxy.close(() => resolve())) };
}

async function read(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('behind a gateway', () => {
  it('honours Retry-After on 503 and 429, and retries 409 idempotency_key_in_progress', async () => {
    const id = await markdownSection(new ArtifactsClient({ baseUrl: server.url, token }), 'Gateway');
    const proxy = await gateway([
      { status: 503, headers: { 'retry-after': '1' }, code: 'unavailable' },
      { status: 429, headers: { 'retry-after': '1' }, code: 'rate_limited' },
      { status: 409, code: 'idempotency_key_in_progress' },
    ]);
    const delays: number[] = [];
    try {
      const client = new ArtifactsClient({ baseUrl: proxy.url, token, retry: { baseDelayMs: 20, onRetry: (e) => delays.push(e.delayMs) } });
      await client.ops(id, [{ op: 'text.append', id: 'log', text: 'through' }]);
    } finally {
      await proxy.close();
    }
    expect(delays.slice(0, 2)).toEqual([1_000, 1_000]);
    const [first = 0, second = 0, third = 0] = proxy.seenAtMs;
    expect(second - first).toBeGreaterThanOrEqual(990);
    expect(third - second).toBeGreaterThanOrEqual(990);
    expect(proxy.seenAtMs).toHaveLength(4);
    expect(await textOf(id)).toBe('through');
  });
});
