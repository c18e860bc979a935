import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../e2e/support/rejection.ts';
import { serverForFile } from '../../e2e/support/server-for-file.ts';
import type { ServerProcess } from '../../e2e/support/server-process.ts';
import { ArtifactsClient, ArtifactsError, type FetchLike } from './index.ts';

let server: ServerProcess;
/** alice's real access token from the server's embedded IdP. */
let token: string;

serverForFile((started, alice) => {
  server = started;
  token = alice;
});

/** Wraps the global fetch to count op batches and catch overlapping ones. */
function countingFetch() {
  const seen = { opRequests: 0, inFlight: 0, maxInFlight: 0, requests: [] as { url: string; init: RequestInit }[] };
  const fetch: FetchLike = async (url, init) => {
    seen.requests.push({ url, init });
    const isOps = url.endsWith('/ops');
    if (isOps) {
      seen.opRequests += 1;
      seen.inFlight += 1;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    }
    try {
      return await globalThis.fetch(url, init);
    } finally {
      if (isOps) seen.inFlight -= 1;
    }
  };
  return { fetch, seen };
}

const caught = (promise: Promise<unknown>) => rejectionOf(promise, ArtifactsError);

describe('ArtifactsClient against the real server', () => {
  it('creates, edits by ops and reads back an artifact', async () => {
    const client = new ArtifactsClient({ baseUrl: server.url, token });
    const { id, url } = await client.create({ title: 'Round trip', kind: 'report' });
    expect(url).toContain(`/a/${id}`);
    const result = await client.ops(id, [
      { op: 'section.upsert', section: { id: 'intro', type: 'markdown', text: 'Hello' } },
      { op: 'text.append', id: 'intro', text: ', world' },
      { op: 'section.upsert', section: { id: 'todo', type: 'checklist', items: [{ id: 'a', text: 'ship', done: false }] } },
    ]);
    expect(result).toEqual({ applied: 3 });
    const artifact = await client.get(id);
    expect(artifact.meta).toMatchObject({ title: 'Round trip', kind: 'report' });
    expect(artifact.sections.map((s) => s.id)).toEqual(['intro', 'todo']);
    expect(artifact.sections[0]).toMatchObject({ type: 'markdown', text: 'Hello, world' });
    expect((await client.list()).map((a) => a.id)).toContain(id);
    await client.delete(id);
    expect((await caught(client.get(id))).code).toBe('not_found');
  });

  it('maps a rejected batch to ArtifactsError with code and opIndex, applying nothing', async () => {
    const client = new ArtifactsClient({ baseUrl: server.url, token });
    const { id } = await client.create({ title: 'Bad ops' });
    const error = await caught(
      client.ops(id, [
        { op: 'section.upsert', section: { id: 'ok', type: 'markdown', text: 'x' } },
        { op: 'text.append', id: 'missing', text: 'y' },
      ]),
    );
    expect(error).toMatchObject({ status: 400, code: 'section_not_found', opIndex: 1 });
    expect(error.message).toContain('missing');
    expect((await client.get(id)).sections).toEqual([]);
  });

  it('reports an unreachable server as network_error after retrying reads and keyed writes, never an unkeyed write', async () => {
    const { fetch, seen } = countingFetch();
    const client = new ArtifactsClient({ baseUrl: 'http://127.0.0.1:1', fetch, retry: { baseDelayMs: 1 } });
    const error = await caught(client.get('aaaaaaaaaaaaaaaa'));
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect(error.cause).toBeDefined();
    expect(seen.requests).toHaveLength(4);
    await caught(client.ops('aaaaaaaaaaaaaaaa', [{ op: 'meta.set', title: 'x' }]));
    expect(seen.requests).toHaveLength(8);
    await caught(client.create({ title: 'x' }));
    expect(seen.requests).toHaveLength(9);
    await caught(client.get('aaaaaaaaaaaaaaaa', { retry: false }));
    expect(seen.requests).toHaveLength(10);
  });

  it('sends the token only in the Authorization header, asking the provider each time', async () => {
    const { fetch, seen } = countingFetch();
    let calls = 0;
    const client = new ArtifactsClient({ baseUrl: server.url, fetch, token: async () => (++calls, token) });
    await client.list();
    await client.list();
    const auth = seen.requests.map((r) => new Headers(r.init.headers).get('authorization'));
    expect(auth).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
    expect(calls).toBe(2);
    expect(seen.requests.every((r) => !r.url.includes(token) && !r.url.includes(token.slice(0, 20)))).toBe(true);
  });

  it('turns a failing token provider into token_error', async () => {
    const client = new ArtifactsClient({ baseUrl: server.url, token: () => Promise.reject(new Error('idp down')) });
    expect((await caught(client.list())).code).toBe('token_error');
  });
});

describe('streams', () => {
  it('coalesces many text writes into few ops, exact and in order', async () => {
    const { fetch, seen } = countingFetch();
    const client = new ArtifactsClient({ baseUrl: server.url, fetch, token });
    const { id } = await client.create({ title: 'Stream' });
    await client.ops(id, [{ op: 'section.upsert', section: { id: 'log', type: 'markdown', text: '' } }]);
    seen.opRequests = 0;

    const stream = client.streamText(id, 'log', { intervalMs: 20 });
    let expected = '';
    for (let i = 0; i < 300; i++) {
      const chunk = `chunk ${i} ✓\n`;
      stream.write(chunk);
      expected += chunk;
      if (i % 30 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await stream.close();

    expect(seen.opRequests).toBeGreaterThan(0);
    expect(seen.opRequests).toBeLessThanOrEqual(15);
    expect(seen.maxInFlight).toBe(1);
    const section = (await client.get(id)).sections[0];
    expect(section).toMatchObject({ type: 'markdown', text: expected });
  });

  it('surfaces a rejected stream batch on flush, on the next write and on client.close()', async () => {
    const client = new ArtifactsClient({ baseUrl: server.url, token });
    const { id } = await client.create({ title: 'Broken stream' });
    const stream = client.streamText(id, 'nope');
    stream.write('lost');
    const error = await caught(stream.flush());
    expect(error.code).toBe('section_not_found');
    expect(() => stream.write('more')).toThrow(error);
    await expect(client.close()).rejects.toBe(error);
  });

  it('streams timeline events in order and client.close() waits for every stream', async () => {
    const client = new ArtifactsClient({ baseUrl: server.url, token });
    const { id } = await client.create({ title: 'Timeline' });
    await client.ops(id, [
      { op: 'section.upsert', section: { id: 'events', type: 'timeline', events: [] } },
      { op: 'section.upsert', section: { id: 'notes', type: 'markdown', text: '' } },
    ]);
    const events = client.streamTimeline(id, 'events', { intervalMs: 1_000 });
    const notes = client.streamText(id, 'notes', { intervalMs: 1_000 });
    events.write({ title: 'first', at: '2026-01-01T00:00:00Z' });
    events.write({ title: 'second', at: '2026-01-01T00:01:00Z', severity: 'warning' });
    events.write({ title: 'now' });
    notes.write('done');
    await client.close();
    const [timeline, markdown] = (await client.get(id)).sections;
    expect(timeline?.type === 'timeline' && timeline.events.map((e) => e.title)).toEqual(['first', 'second', 'now']);
    expect(markdown).toMatchObject({ text: 'done' });
  });
});
