import { afterEach, beforeEach, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../../e2e/support/postgres.ts';
import { findMarker } from '../audit/test-support.ts';
import type { AuditEventInput } from './audit-chain.ts';
import { isConnectionLost, openStorage, type Storage } from './index.ts';
import { MIGRATIONS } from './sql.ts';

/*
 * What PGlite's single session never exercised: several instances (here several Storages, each
 * with its own pool) on one PostgreSQL database at once. Migrations, group commits, the audit
 * chain's locked head and the retention sweeper's advisory lock must hold across them.
 */
let database: FreshDatabase;
const opened: Storage[] = [];
const open = async (poolSize = 10) => {
  const storage = await openStorage({ dataDir: '', databaseUrl: database.url, databasePoolSize: poolSize });
  opened.push(storage);
  return storage;
};
beforeEach(async () => {
  database = await freshDatabase();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await database?.drop();
});

it('migrates once when four instances start together on a fresh database', async () => {
  const storages = await Promise.all([open(), open(), open(), open()]);
  const rows = await storages[0]!.db.query<{ version: number; n: number }>('select version, count(*) as n from schema_migrations group by version order by version');
  expect(rows).toEqual(MIGRATIONS.map((_, i) => ({ version: i + 1, n: 1 })));
  // Every instance works on the schema.
  for (const [i, storage] of storages.entries()) await storage.artifacts.createArtifact({ id: `artifact-${i}-aaaaaaaa`, title: 't', kind: 'k', ownerId: 'u', orgId: 'o' });
});

it('keeps every acknowledged update of two instances appending to one artifact, in each writer\'s order', async () => {
  const [a, b] = await Promise.all([open(), open()]);
  const id = 'aaaaaaaaaaaaaaaa';
  await a!.artifacts.createArtifact({ id, title: 't', kind: 'k', ownerId: 'u', orgId: 'o' });
  const PER_WRITER = 300;
  const write = async (storage: Storage, writer: number) => {
    const acknowledged: number[] = [];
    const pending: Promise<void>[] = [];
    for (let i = 0; i < PER_WRITER; i++) {
      pending.push(storage.log.append({ artifactId: id, data: Uint8Array.of(writer, i >> 8, i & 255) }).then(() => void acknowledged.push(i)));
      // Spread over many event-loop turns, so each instance makes many group commits that interleave.
      if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(pending);
    return { acknowledged, commits: storage.log.stats.commits };
  };
  const [fromA, fromB] = await Promise.all([write(a!, 1), write(b!, 2)]);
  expect(fromA.acknowledged).toHaveLength(PER_WRITER);
  expect(fromB.acknowledged).toHaveLength(PER_WRITER);
  expect(fromA.commits + fromB.commits).toBeGreaterThan(2);

  const stored = await b!.artifacts.loadDocument(id);
  const ids = ((await a!.db.query<{ id: number }>('select id from updates where artifact_id = $1 order by id', [id])).map((r) => r.id));
  expect(ids).toHaveLength(2 * PER_WRITER);
  expect(new Set(ids).size).toBe(ids.length);
  const sequence = (writer: number) => stored.updates.filter((u) => u[0] === writer).map((u) => (u[1]! << 8) | u[2]!);
  // All of each writer's updates, in the order it appended them.
  expect(sequence(1)).toEqual(Array.from({ length: PER_WRITER }, (_, i) => i));
  expect(sequence(2)).toEqual(Array.from({ length: PER_WRITER }, (_, i) => i));
});

it("appends two instances' audit events to one org as one unforked chain that verifies", async () => {
  const [a, b] = await Promise.all([open(), open()]);
  const event = (actorId: string, n: number): AuditEventInput => ({ orgId: 'acme', actorId, action: 'viewed', artifactId: null, details: { n } });
  // Standalone events (group-committed per instance) and events riding in their own transactions, at once.
  const appends = Array.from({ length: 100 }, (_, n) => [
    a!.auditLog.append(event('from-a', n)),
    b!.auditLog.append(event('from-b', n)),
  ]).flat();
  const stamped = await Promise.all(appends);
  expect(new Set(stamped.map((e) => e.seq)).size).toBe(200);
  const verified = await a!.auditReader.verify('acme');
  expect(verified).toEqual({ intact: true, events: 200 });
  const rows = await b!.db.query<{ actor_id: string; n: number }>("select actor_id, count(*) as n from audit_events where org_id = 'acme' group by actor_id order by actor_id");
  expect(rows).toEqual([{ actor_id: 'from-a', n: 100 }, { actor_id: 'from-b', n: 100 }]);
});

it('lets only one instance at a time into the retention exclusive section, and frees it on the same connection', async () => {
  // A pool of several connections: lock and unlock on different ones would leave the lock held.
  const [a, b] = await Promise.all([open(4), open(4)]);
  const KEY = 0x4c41_5254_99;
  let inside = 0;
  let most = 0;
  const section = (storage: Storage) =>
    storage.retention.exclusive(KEY, async () => {
      inside++;
      most = Math.max(most, inside);
      // Busy the rest of the pool meanwhile.
      await Promise.all(Array.from({ length: 8 }, () => storage.db.query('select pg_sleep(0.01)')));
      inside--;
      return 'ran';
    });

  let release!: () => void;
  const held = a!.retention.exclusive(KEY, () => new Promise<string>((resolve) => (release = () => resolve('held'))));
  await expect.poll(() => a!.db.query("select 1 from pg_locks where locktype = 'advisory' and granted")).toHaveLength(1);
  expect(await section(b!)).toBeNull(); // the other instance is refused at once
  release();
  expect(await held).toBe('held');

  const outcomes: (string | null)[] = [];
  for (let round = 0; round < 10; round++) outcomes.push(...(await Promise.all([section(a!), section(b!)])));
  expect(most).toBe(1);
  expect(outcomes.filter((o) => o === 'ran').length).toBeGreaterThanOrEqual(10);
  expect(await a!.db.query("select 1 from pg_locks where locktype = 'advisory'")).toEqual([]);
});

it('hard-deletes an artifact with everything of it, and the trail of the deletion verifies', async () => {
  const storage = await open();
  const id = 'dddddddddddddddd';
  const marker = 'MARK-hard-delete';
  await storage.artifacts.createArtifact({ id, title: `Doomed ${marker}`, kind: 'k', ownerId: 'u', orgId: 'acme' }, { orgId: 'acme', actorId: 'u', action: 'created', artifactId: id });
  await storage.log.append({ artifactId: id, data: new TextEncoder().encode(`update ${marker}`) });
  await storage.artifacts.setSharing(id, { visibility: 'restricted', users: ['bob'], groups: ['team'] });
  expect((await findMarker(storage.db, marker)).sort()).toEqual(['artifacts.title', 'updates.data']);
  expect(await storage.artifacts.deleteArtifact(id, { orgId: 'acme', actorId: 'auditor', action: 'deleted', artifactId: id, details: { via: 'compliance' } })).toBe(true);
  for (const table of ['artifacts', 'updates', 'state', 'versions', 'shares']) {
    const column = table === 'artifacts' ? 'id' : 'artifact_id';
    expect(await storage.db.query(`select 1 from ${table} where ${column} = $1`, [id])).toEqual([]);
  }
  expect(await findMarker(storage.db, marker)).toEqual([]);
  expect(await storage.auditReader.verify('acme')).toEqual({ intact: true, events: 2 });
  expect(await storage.artifacts.deleteArtifact(id)).toBe(false);
});

it('drops a connection that broke under a transaction instead of handing it out again', async () => {
  const [storage, killer] = await Promise.all([open(2), open(2)]);
  let killed = 0;
  const failed = storage.db.transaction(async (tx) => {
    const [row] = await tx.query<{ pid: number }>('select pg_backend_pid() as pid');
    killed = row!.pid;
    await killer.db.query('select pg_terminate_backend($1)', [killed]);
    await tx.query('select 1');
  });
  const error = await failed.catch((e: unknown) => e);
  // "terminating connection…" or "…not queryable", depending on whether the client saw the end first.
  expect(error).toBeInstanceOf(Error);
  // What the API answers 503 for (a broken connection is the database being unavailable, not a bug).
  expect(isConnectionLost(error)).toBe(true);
  // Every later statement gets a live connection, never the dead one.
  const pids = await Promise.all(Array.from({ length: 6 }, async () => (await storage.db.query<{ pid: number }>('select pg_backend_pid() as pid'))[0]!.pid));
  expect(pids).not.toContain(killed);
  expect(await storage.db.transaction((tx) => tx.query('select 1 as ok'))).toEqual([{ ok: 1 }]);
});

it('refuses to start on a database that does not exist, saying which', async () => {
  const missing = new URL(database.url);
  missing.pathname = '/no_such_database';
  await expect(openStorage({ dataDir: '', databaseUrl: missing.toString() })).rejects.toThrow(/no_such_database: PostgreSQL could not be opened \(database "no_such_database" does not exist\)/);
});
