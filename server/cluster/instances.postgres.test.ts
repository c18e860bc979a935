import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import IORedis from 'ioredis';
import * as Y from 'yjs';
import { artifactToJSON, type ArtifactJSON } from '#shared';
import type { Principal, Role } from '#policies';
import { startRedis } from '../../e2e/support/redis.ts';
import { freshDatabase, type FreshDatabase } from '../../e2e/support/postgres.ts';
import type { RunningServer } from '../app.ts';
import { FaultInjector } from '../store/faulty-sql.ts';
import { api, connectViewer, eventually, startTestServer, storedJSON, tokensNamePeople } from '../test-server.ts';

/*
 * Two (or three) real server instances in this process on one real PostgreSQL and one real
 * Redis: document updates cross between them, access changes made on one close the sockets on
 * the other, and nothing one instance has not stored ever reaches the other's viewers.
 */

const person = (userId: string, orgId = 'acme', roles: Role[] = ['artifact-author']): Principal => ({ userId, name: userId, orgId, roles, groups: [] });
const PEOPLE = { alice: person('alice'), bob: person('bob'), adam: person('adam', 'acme', ['artifact-author', 'org-admin']) };

type Instance = RunningServer & { dispose(): Promise<void> };
let redis: Awaited<ReturnType<typeof startRedis>>;
const running: Instance[] = [];
const viewers: ReturnType<typeof connectViewer>[] = [];
const databases: FreshDatabase[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  for (const viewer of viewers.splice(0)) viewer.close();
  for (const instance of running.splice(0)) await instance.dispose();
  for (const database of databases.splice(0)) await database.drop();
});
afterAll(async () => {
  await redis?.stop();
});

async function instances(count: number, options: { env?: Record<string, string>; faults?: FaultInjector[] } = {}): Promise<Instance[]> {
  const database = await freshDatabase();
  databases.push(database);
  const databaseUrl = database.url;
  const made: Instance[] = [];
  for (let i = 0; i < count; i++) {
    const fault = options.faults?.[i];
    const instance = await startTestServer(
      { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, INSTANCE_ID: `i${i}`, RETENTION_SWEEP_INTERVAL_MS: '0', ...options.env },
      { authenticator: tokensNamePeople(PEOPLE), ...(fault ? { wrapSql: (db) => fault.wrap(db) } : {}) },
    );
    running.push(instance);
    made.push(instance);
  }
  return made;
}

function watch(server: RunningServer, id: string, token = 'alice') {
  // A reloading document refuses sockets (retryable) for a while; under load a viewer is
  // refused several times, and the provider's default backoff would then wait up to 30 s.
  const viewer = connectViewer(server.url, id, token, { maxDelayMs: 1_000 });
  viewers.push(viewer);
  return viewer;
}

/** Whether the viewer's socket has closed since this was called. */
function closedLater(viewer: ReturnType<typeof connectViewer>): () => boolean {
  let closed = false;
  viewer.provider.on('close', () => (closed = true));
  return () => closed;
}

const sectionIds = (doc: Y.Doc, id: string) => artifactToJSON(doc, id).sections.map((s) => s.id);
const textOf = (json: ArtifactJSON, section: string) => (json.sections.find((s) => s.id === section) as { text?: string } | undefined)?.text;

async function create(server: RunningServer, title = 'shared'): Promise<string> {
  const created = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title }, 'alice');
  expect(created.status).toBe(201);
  return created.body.id;
}

async function ops(server: RunningServer, id: string, list: unknown[], token = 'alice') {
  return api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: list }, token);
}

describe('several instances on one PostgreSQL and one Redis', () => {
  it('an op batch on one instance reaches viewers on the other, and a socket edit on the other comes back', async () => {
    const [a, b] = (await instances(2)) as [Instance, Instance];
    const id = await create(a);
    const onB = watch(b, id);
    await onB.synced;
    expect((await ops(a, id, [{ op: 'section.upsert', section: { id: 's', type: 'markdown', text: 'from A' } }])).status).toBe(200);
    await eventually(() => expect(sectionIds(onB.doc, id)).toEqual(['s']));
    const onA = watch(a, id);
    await onA.synced;
    expect((await ops(b, id, [{ op: 'text.append', id: 's', text: ', and B' }])).status).toBe(200);
    for (const viewer of [onA, onB]) await eventually(() => expect(textOf(artifactToJSON(viewer.doc, id), 's')).toBe('from A, and B'));
    expect(textOf(await storedJSON(a, id), 's')).toBe('from A, and B');
    // Both report Redis in their readiness.
    for (const server of [a, b]) expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('a change one instance has not stored yet never reaches the other instance, and is never seen when its commit fails', async () => {
    const faults = new FaultInjector();
    const [a, b] = (await instances(2, { faults: [faults] })) as [Instance, Instance];
    const id = await create(a);
    expect((await ops(a, id, [{ op: 'section.upsert', section: { id: 'stored', type: 'markdown', text: 'stored' } }])).status).toBe(200);
    // A keeps the document loaded (a viewer of its own), so B's load asks A for its state.
    const onA = watch(a, id);
    await onA.synced;
    faults.arm({ kind: 'hang', ms: 1_500, then: 'fail' });
    const failing = ops(a, id, [{ op: 'section.upsert', section: { id: 'unstored', type: 'markdown', text: 'never stored' } }]);
    await eventually(() => expect(faults.fired).toContain('hang'));
    // While A's commit hangs, a viewer opens the artifact on B: B loads it and syncs with A.
    const onB = watch(b, id);
    await onB.synced;
    expect(sectionIds(onB.doc, id)).toEqual(['stored']);
    expect((await failing).status).toBe(503);
    // A viewer arriving while A's failed copy waits to leave memory is refused (`reloading`):
    // its socket is closed whole, so it comes back to the reloaded copy (a CLOSE message alone
    // left it on an open socket without its document, never to hear of it again).
    const late = watch(a, id);
    await new Promise((r) => setTimeout(r, 300));
    expect(sectionIds(onB.doc, id)).toEqual(['stored']);
    expect((await storedJSON(b, id)).sections.map((s) => s.id)).toEqual(['stored']);
    // A's viewer resyncs from storage after the failed commit; the next change reaches everyone.
    expect((await ops(b, id, [{ op: 'text.append', id: 'stored', text: '!' }])).status).toBe(200);
    // A's viewers first reconnect (provider backoff) to A's reloaded copy; give them time to.
    for (const viewer of [onA, late, onB]) await eventually(() => expect(textOf(artifactToJSON(viewer.doc, id), 'stored')).toBe('stored!'), 15_000);
    expect(sectionIds(onA.doc, id)).toEqual(['stored']);
    expect(sectionIds(late.doc, id)).toEqual(['stored']);
  });

  it('access changes made on one instance close or downgrade the sockets on the other within a second', async () => {
    const [a, b] = (await instances(2)) as [Instance, Instance];
    const id = await create(a);
    expect((await api(a.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' }, 'alice')).status).toBe(200);
    const bobOnB = watch(b, id, 'bob');
    await bobOnB.synced;
    const closedAt = new Promise<number>((resolve) => bobOnB.provider.on('close', () => resolve(performance.now())));
    const revokedAt = performance.now();
    expect((await api(a.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'private' }, 'alice')).status).toBe(200);
    expect((await closedAt) - revokedAt).toBeLessThan(1_000);

    // Deleted on A: the owner's socket on B closes (not_found), and B drops its copy.
    const aliceOnB = watch(b, id, 'alice');
    await aliceOnB.synced;
    const aliceClosed = closedLater(aliceOnB);
    expect((await api(a.url, 'DELETE', `/api/artifacts/${id}`, undefined, 'alice')).status).toBe(204);
    await eventually(() => expect(aliceClosed()).toBe(true), 1_000);
    await eventually(() => expect(b.collab.documents.isLoaded(id)).toBe(false), 5_000);
  });

  it('an org policy saved on one instance closes that org\'s sockets on the other; a member removed there is closed everywhere', async () => {
    const [a, b] = (await instances(2)) as [Instance, Instance];
    const id = await create(a);
    const onB = watch(b, id, 'alice');
    await onB.synced;
    const closed = closedLater(onB);
    const policy = await api<Record<string, unknown>>(a.url, 'GET', '/api/admin/policy', undefined, 'adam');
    expect(policy.status).toBe(200);
    const current = policy.body.policy as Record<string, unknown>;
    expect((await api(a.url, 'PUT', '/api/admin/policy', { ...current, enabled: false }, 'adam')).status).toBe(200);
    await eventually(() => expect(closed()).toBe(true), 1_000);
    // B's policy cache was dropped: B refuses the org's requests at once, not after its cache lifetime.
    expect((await api(b.url, 'GET', `/api/artifacts/${id}`, undefined, 'alice')).status).toBe(403);
    expect((await api(a.url, 'PUT', '/api/admin/policy', { ...current, enabled: true }, 'adam')).status).toBe(200);
    await eventually(async () => expect((await api(b.url, 'GET', `/api/artifacts/${id}`, undefined, 'alice')).status).toBe(200), 1_000);

    const bobOnB = watch(b, id, 'alice');
    await bobOnB.synced;
    const memberClosed = closedLater(bobOnB);
    a.collab.sessions.announce({ type: 'member-removed', userId: 'alice', orgId: 'acme' });
    await eventually(() => expect(memberClosed()).toBe(true), 1_000);
  });

  it('Redis away: each instance serves its own sockets; when it is back, loaded documents resync and everyone converges', async () => {
    const [a, b] = (await instances(2)) as [Instance, Instance];
    const id = await create(a);
    expect((await ops(a, id, [{ op: 'section.upsert', section: { id: 's', type: 'markdown', text: '' } }])).status).toBe(200);
    const onA = watch(a, id);
    const onB = watch(b, id);
    await Promise.all([onA.synced, onB.synced]);
    await redis.stop();
    await eventually(async () => expect((await fetch(`${a.url}/readyz`)).status).toBe(503), 5_000);
    // Both instances keep committing and serving their own viewers.
    expect((await ops(a, id, [{ op: 'text.append', id: 's', text: 'a' }])).status).toBe(200);
    expect((await ops(b, id, [{ op: 'section.upsert', section: { id: 't', type: 'markdown', text: 'b' } }])).status).toBe(200);
    await eventually(() => expect(textOf(artifactToJSON(onA.doc, id), 's')).toBe('a'));
    await eventually(() => expect(sectionIds(onB.doc, id)).toContain('t'));
    expect(sectionIds(onA.doc, id)).not.toContain('t');
    // A document first loaded while Redis is away is served from storage at once.
    const other = await create(b, 'opened while Redis is away');
    const late = watch(a, other);
    await late.synced;
    const returnedAt = performance.now();
    await redis.start();
    const expected = await storedJSON(a, id);
    for (const viewer of [onA, onB]) await eventually(() => expect(artifactToJSON(viewer.doc, id)).toEqual(expected), 5_000);
    const convergedMs = performance.now() - returnedAt;
    console.log(`[cluster] converged ${Math.round(convergedMs)} ms after Redis returned`);
    // The late document joined its channel: a change on B reaches A's viewer.
    expect((await ops(b, other, [{ op: 'section.upsert', section: { id: 'x', type: 'markdown' } }])).status).toBe(200);
    await eventually(() => expect(sectionIds(late.doc, other)).toEqual(['x']), 5_000);
    for (const server of [a, b]) await eventually(async () => expect((await fetch(`${server.url}/readyz`)).status).toBe(200), 5_000);
  }, 60_000);

  it('compaction on one instance stays correct while another appends to the same document', async () => {
    const [a, b] = (await instances(2, { env: { COMPACT_AFTER_UPDATES: '5' } })) as [Instance, Instance];
    const id = await create(a);
    expect((await ops(a, id, [{ op: 'section.upsert', section: { id: 'tl', type: 'timeline', title: 'T' } }])).status).toBe(200);
    const appends = Array.from({ length: 60 }, (_, i) => {
      const server = i % 2 ? b : a;
      return ops(server, id, [{ op: 'timeline.append', id: 'tl', event: { id: `e${i}`, at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), title: `e${i}` } }]);
    });
    for (const answer of await Promise.all(appends)) expect(answer.status).toBe(200);
    await Promise.all([a.collab.persistence.idle(), b.collab.persistence.idle()]);
    const stored = await storedJSON(a, id);
    const timeline = stored.sections.find((s) => s.id === 'tl') as { events: { id: string }[] };
    expect(timeline.events.map((e) => e.id).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `e${i}`).sort());
    const rows = await a.storage.db.query<{ n: number }>('select count(*)::int as n from updates where artifact_id = $1', [id]);
    expect(rows[0]!.n).toBeLessThan(30);
  });

  it('ignores control messages that are malformed or of an unknown kind, and its own echoes', async () => {
    const [a, b] = (await instances(2)) as [Instance, Instance];
    const id = await create(a);
    const onB = watch(b, id, 'alice');
    await onB.synced;
    const closed = closedLater(onB);
    const client = new IORedis(redis.url);
    try {
      for (const message of ['not json', JSON.stringify({ from: 'x', event: { type: 'drop-everything' } }), JSON.stringify({ from: 'x', event: { type: 'artifact-deleted' } })]) {
        await client.publish('live-artifacts#control', message);
      }
      // An event naming B itself as the sender is B's own echo: skipped.
      await client.publish('live-artifacts#control', JSON.stringify({ from: 'i1', event: { type: 'artifact-deleted', artifactId: id } }));
    } finally {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(closed()).toBe(false);
    expect((await ops(a, id, [{ op: 'section.upsert', section: { id: 's', type: 'markdown' } }])).status).toBe(200);
    await eventually(() => expect(sectionIds(onB.doc, id)).toEqual(['s']));
  });
});
