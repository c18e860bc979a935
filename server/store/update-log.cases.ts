import { afterEach, beforeEach, expect, it } from 'vitest';
import { FaultInjector } from './faulty-sql.ts';
import { openStorage, type ArtifactStore } from './index.ts';
import type { TestDatabase, TestDriver } from './test-drivers.ts';
import { UpdateLog } from './update-log.ts';

/** The update log's group commit, on one driver (update-log.test.ts: PGlite; drivers.postgres.test.ts: PostgreSQL). */
export function updateLogCases(driver: TestDriver): void {
  let database: TestDatabase;
  let store: ArtifactStore;
  let faults: FaultInjector;
  beforeEach(async () => {
    database = await driver.fresh();
    faults = new FaultInjector();
    ({ artifacts: store } = await openStorage(database.config, (db) => faults.wrap(db)));
    await store.createArtifact({ id: 'aaaaaaaaaaaaaaaa', title: 't', kind: 'k', ownerId: 'u', orgId: 'o' });
  });
  afterEach(async () => {
    await store?.db.close();
    await database?.dispose();
  });

  const entry = (n: number) => ({ artifactId: 'aaaaaaaaaaaaaaaa', data: new Uint8Array([n % 256, 1, 2]) });

  it('commits appends of one event-loop turn together, and those arriving during a commit in the next', async () => {
    const log = new UpdateLog(store);
    const first = Array.from({ length: 100 }, (_, i) => log.append(entry(i)));
    // Let the first commit start, then append while it runs.
    await new Promise((r) => setImmediate(r));
    const second = Array.from({ length: 50 }, (_, i) => log.append(entry(100 + i)));
    await Promise.all([...first, ...second]);
    expect(log.stats).toEqual({ commits: 2, entries: 150 });
    const stored = await store.loadDocument('aaaaaaaaaaaaaaaa');
    expect(stored.updates.map((u) => u[0])).toEqual(Array.from({ length: 150 }, (_, i) => i % 256));
  });

  it('resolves an append only once its entry is committed', async () => {
    const log = new UpdateLog(store);
    let resolved = false;
    const pending = log.append(entry(7)).then(() => (resolved = true));
    expect(resolved).toBe(false);
    await pending;
    expect((await store.loadDocument('aaaaaaaaaaaaaaaa')).updates).toHaveLength(1);
  });

  it('rejects every append of a failed commit and commits nothing of it', async () => {
    const log = new UpdateLog(store);
    // A title of null breaks a NOT NULL constraint after the inserts ran: the database rolls all back.
    const broken = { ...entry(9), meta: { title: null as unknown as string } };
    const results = await Promise.allSettled([log.append(entry(1)), log.append(broken)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await store.loadDocument('aaaaaaaaaaaaaaaa')).updates).toHaveLength(0);
    await log.append(entry(2));
    expect((await store.loadDocument('aaaaaaaaaaaaaaaa')).updates).toHaveLength(1);
  });

  it('rejects only the appends of an artifact deleted meanwhile; the rest of the commit is stored', async () => {
    await store.createArtifact({ id: 'bbbbbbbbbbbbbbbb', title: 'doomed', kind: 'k', ownerId: 'u', orgId: 'o' });
    const log = new UpdateLog(store);
    const kept = log.append(entry(1));
    const doomed = log.append({ artifactId: 'bbbbbbbbbbbbbbbb', data: new Uint8Array([5]) });
    await store.deleteArtifact('bbbbbbbbbbbbbbbb'); // before the group commit runs
    const results = await Promise.allSettled([kept, doomed]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'not_found' });
    expect((await store.loadDocument('aaaaaaaaaaaaaaaa')).updates).toHaveLength(1);
    expect(log.stats).toEqual({ commits: 1, entries: 1 });
  });

  /** A guard as the write gate gives one: refused once any change of its document failed. */
  function guard() {
    const g = { refused: false, failed: () => (g.refused = true) };
    return g;
  }

  it('refuses entries whose document had a commit fail before theirs started, and commits the rest', async () => {
    const log = new UpdateLog(store);
    const g = guard();
    faults.arm({ kind: 'hang', ms: 100, then: 'fail' });
    const first = log.append({ ...entry(1), guard: g });
    await new Promise((r) => setImmediate(r)); // its commit is running (hanging)
    const second = log.append({ ...entry(2), guard: g }); // built on the first, queued behind it
    const other = log.append(entry(3)); // another document's change in the same next commit
    await expect(first).rejects.toThrow(/injected fault/);
    expect(g.refused).toBe(true);
    await expect(second).rejects.toMatchObject({ code: 'unavailable', status: 503, details: { stored: false } });
    await other;
    expect((await store.loadDocument('aaaaaaaaaaaaaaaa')).updates.map((u) => u[0])).toEqual([3]);
  });

  it('takes back an entry still queued after its queue timeout, and waits for one whose commit runs', async () => {
    const log = new UpdateLog(store);
    faults.arm({ kind: 'hang', ms: 600 });
    const running = log.append(entry(1), { queueTimeoutMs: 100 });
    await new Promise((r) => setImmediate(r));
    const startedMs = performance.now();
    const queued = log.append(entry(2), { queueTimeoutMs: 100 });
    await expect(queued).rejects.toMatchObject({ code: 'unavailable', details: { stored: false } });
    expect(performance.now() - startedMs).toBeLessThan(500); // answered long before the hung commit ended
    await running; // past its timeout too, but its commit had started: its outcome stands
    await log.flush();
    expect((await store.loadDocument('aaaaaaaaaaaaaaaa')).updates.map((u) => u[0])).toEqual([1]);
  });
}
