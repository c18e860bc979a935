import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactJSON } from '#shared';
import type { Principal } from '#policies';
import { startTestServer, storedJSON, tokensNamePeople } from '../test-server.ts';

const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'Alice', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'Bob', orgId: 'acme', roles: ['artifact-author'], groups: [] },
};

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({}, { authenticator: tokensNamePeople(people) });
});
afterAll(async () => {
  await server?.dispose();
});

async function call(route: string, body: unknown, options: { key?: string; token?: string } = {}) {
  const response = await fetch(`${server.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token ?? 'alice'}`, ...(options.key !== undefined ? { 'idempotency-key': options.key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string } }, replayed: response.headers.get('idempotent-replayed') };
}

async function artifact(): Promise<string> {
  const { body } = await call('/api/artifacts', { title: 'Idempotent' });
  await call(`/api/artifacts/${body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'log', type: 'markdown', text: '' } }] });
  return body.id as string;
}

const append = (text: string) => ({ ops: [{ op: 'text.append', id: 'log', text }] });
const logText = async (id: string) => {
  const log = (await storedJSON(server, id)).sections.find((s) => s.id === 'log') as Extract<ArtifactJSON['sections'][number], { type: 'markdown' }>;
  return log.text;
};

describe('Idempotency-Key', () => {
  it('answers a retried op batch with its first outcome and applies it once', async () => {
    const id = await artifact();
    const first = await call(`/api/artifacts/${id}/ops`, append('[x]'), { key: 'batch-1' });
    const again = await call(`/api/artifacts/${id}/ops`, append('[x]'), { key: 'batch-1' });
    expect(first).toMatchObject({ status: 200, body: { applied: 1 }, replayed: null });
    expect(again).toMatchObject({ status: 200, body: { applied: 1 }, replayed: 'true' });
    expect(await logText(id)).toBe('[x]');
  });

  it('refuses text PostgreSQL cannot store with its usual 400, key or not', async () => {
    const id = await artifact();
    const refused = await call(`/api/artifacts/${id}/ops`, append('a\ud800b'), { key: 'lone-surrogate' });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'invalid_text' } } });
    expect(await logText(id)).toBe('');
  });

  it('applies concurrent requests with one key once; the others answer its outcome', async () => {
    const id = await artifact();
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(`/api/artifacts/${id}/ops`, append('[c]'), { key: 'same-time' })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.replayed === 'true')).toHaveLength(4);
    expect(await logText(id)).toBe('[c]');
  });

  it('refuses the same key for a different request (409), and a malformed key (400)', async () => {
    const id = await artifact();
    await call(`/api/artifacts/${id}/ops`, append('[a]'), { key: 'k' });
    expect(await call(`/api/artifacts/${id}/ops`, append('[b]'), { key: 'k' })).toMatchObject({ status: 409, body: { error: { code: 'idempotency_key_reused' } } });
    expect(await call(`/api/artifacts/${id}/versions`, {}, { key: 'k' })).toMatchObject({ status: 409, body: { error: { code: 'idempotency_key_reused' } } });
    for (const bad of ['', 'x'.repeat(256), 'with space', 'ünïcode']) {
      const answer = await call(`/api/artifacts/${id}/ops`, append('[bad]'), { key: bad });
      expect(answer, JSON.stringify(bad)).toMatchObject({ status: 400, body: { error: { code: 'invalid_idempotency_key' } } });
    }
    expect(await logText(id)).toBe('[a]');
  });

  it('scopes keys by caller: the same key of another person is theirs', async () => {
    const id = await artifact();
    const bobs = (await call('/api/artifacts', { title: 'Bob' }, { token: 'bob' })).body.id as string;
    await call(`/api/artifacts/${bobs}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'log', type: 'markdown', text: '' } }] }, { token: 'bob' });
    expect((await call(`/api/artifacts/${id}/ops`, append('[alice]'), { key: 'shared-key' })).status).toBe(200);
    expect(await call(`/api/artifacts/${bobs}/ops`, append('[bob]'), { key: 'shared-key', token: 'bob' })).toMatchObject({ status: 200, replayed: null });
    expect(await logText(bobs)).toBe('[bob]');
  });

  it('does not keep the key of a failed write: it can be retried', async () => {
    const id = await artifact();
    const bad = await call(`/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: 'missing', text: 'x' }] }, { key: 'fix-me' });
    expect(bad.status).toBe(400);
    // The same request again is not a replay of the 400: it is judged afresh (and fails again).
    expect(await call(`/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: 'missing', text: 'x' }] }, { key: 'fix-me' })).toMatchObject({ status: 400, replayed: null });
  });

  it('publishes once per key; a retried publish answers the same version', async () => {
    const id = await artifact();
    const first = await call(`/api/artifacts/${id}/versions`, { message: 'v1' }, { key: 'pub-1' });
    await call(`/api/artifacts/${id}/ops`, append('[later]'));
    const again = await call(`/api/artifacts/${id}/versions`, { message: 'v1' }, { key: 'pub-1' });
    expect(first).toMatchObject({ status: 201, body: { version: 1, unchanged: false } });
    expect(again).toMatchObject({ status: 201, body: first.body, replayed: 'true' });
    const list = await fetch(`${server.url}/api/artifacts/${id}/versions`, { headers: { authorization: 'Bearer alice' } }).then((r) => r.json() as Promise<{ versions: unknown[] }>);
    expect(list.versions).toHaveLength(1);
  });

  it('forgets keys after 24 hours', async () => {
    const id = await artifact();
    await call(`/api/artifacts/${id}/ops`, append('[old]'), { key: 'yesterday' });
    await server.store.db.query(`update idempotency_keys set created_at = now() - interval '25 hours' where key = 'yesterday'`);
    expect(await call(`/api/artifacts/${id}/ops`, append('[new]'), { key: 'yesterday' })).toMatchObject({ status: 200, replayed: null });
    expect(await logText(id)).toBe('[old][new]');
    await server.store.db.query(`update idempotency_keys set created_at = now() - interval '25 hours' where key = 'yesterday'`);
    expect(await server.storage.idempotency.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await server.store.db.query(`select 1 from idempotency_keys where key = 'yesterday'`)).toEqual([]);
  });
});
