import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { openDatabase } from './index.ts';
import type { SqlClient } from './sql.ts';
import type { TestDatabase, TestDriver } from './test-drivers.ts';

/**
 * What every driver's SqlClient promises the stores, on one driver (pglite.test.ts: PGlite;
 * drivers.postgres.test.ts: PostgreSQL): the same JavaScript types back, bytes both ways,
 * transactions that commit or roll back whole, nested ones joining the outer one.
 */
export function sqlClientCases(driver: TestDriver): void {
  let database: TestDatabase;
  let db: SqlClient;
  // One database for the cases (opening one is the slow part); each case starts from an empty table.
  beforeAll(async () => {
    database = await driver.fresh();
    db = await openDatabase(database.config);
    await db.query('create table blobs (id int primary key, data bytea)');
  });
  beforeEach(async () => {
    await db.query('delete from blobs');
  });
  afterAll(async () => {
    await db?.close();
    await database?.dispose();
  });

  it('round-trips bytea: every byte value, empty, large, views', async () => {
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const large = Uint8Array.from({ length: 1_500_000 }, (_, i) => (i * 7919) % 251);
    const backing = Uint8Array.from([9, 9, 1, 2, 3, 9]);
    const view = backing.subarray(2, 5); // a view into a larger buffer: only its own bytes count
    const values = [every, new Uint8Array(0), large, view];
    for (const [i, data] of values.entries()) await db.query('insert into blobs values ($1, $2)', [i, data]);
    const rows = await db.query<{ id: number; data: Uint8Array }>('select id, data from blobs order by id');
    expect(rows.map((r) => r.data.constructor.name)).toEqual(['Uint8Array', 'Uint8Array', 'Uint8Array', 'Uint8Array']);
    expect(rows.map((r) => Array.from(r.data.subarray(0, 300)))).toEqual(values.map((v) => Array.from(v.subarray(0, 300))));
    expect(Buffer.compare(rows[2]!.data, large)).toBe(0);
    expect((await db.query<{ hex: string }>("select encode(data, 'hex') as hex from blobs where id = 3"))[0]?.hex).toBe('010203');
  });

  it('gives back the JavaScript types the stores read', async () => {
    const [row] = await db.query<Record<string, unknown>>(
      `select 9007199254740991::bigint as int8, 7::int as int4, array[1, 2]::bigint[] as int8s, array[3]::int[] as int4s,
         '2026-01-02T03:04:05.678Z'::timestamptz as at, array['a', 'b']::text[] as texts, '{"a": [1]}'::jsonb as json,
         true as flag, null::text as nothing, count(*) as counted from (values (1), (2)) v`,
    );
    expect(row).toEqual({
      int8: 9007199254740991,
      int4: 7,
      int8s: [1, 2],
      int4s: [3],
      at: new Date('2026-01-02T03:04:05.678Z'),
      texts: ['a', 'b'],
      json: { a: [1] },
      flag: true,
      nothing: null,
      counted: 2,
    });
  });

  it('commits a transaction whole, rolls one back whole, and lets a nested one join the outer', async () => {
    await db.transaction(async (tx) => {
      await tx.query('insert into blobs values (1, null)');
      await tx.transaction((inner) => inner.query('insert into blobs values (2, null)'));
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into blobs values (3, null)');
        await tx.transaction((inner) => inner.query('insert into blobs values (4, null)'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow(/changed my mind/);
    await expect(db.transaction((tx) => tx.query('insert into blobs values (1, null)'))).rejects.toThrow(/duplicate key/);
    expect(await db.query('select id from blobs order by id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('runs a session on one connection: a session advisory lock taken there is released there', async () => {
    const held = await db.session(async (session) => {
      const [taken] = await session.query<{ ok: boolean }>('select pg_try_advisory_lock(42) as ok');
      const [backend] = await session.query<{ pid: number }>('select pg_backend_pid() as pid');
      const [again] = await session.query<{ pid: number }>('select pg_backend_pid() as pid');
      const [released] = await session.query<{ ok: boolean }>('select pg_advisory_unlock(42) as ok');
      return { taken: taken?.ok, same: backend?.pid === again?.pid, released: released?.ok };
    });
    expect(held).toEqual({ taken: true, same: true, released: true });
    // This database's lock 42 only: pg_locks spans the server, which other tests share.
    expect(await db.query("select 1 from pg_locks where locktype = 'advisory' and objid = 42 and database = (select oid from pg_database where datname = current_database())")).toEqual([]);
  });
}
