import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPglite } from './pglite.ts';
import type { SqlClient } from './sql.ts';

let dir: string;
let db: SqlClient;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'la-pglite-'));
  db = await openPglite(dir);
  await db.query('create table blobs (id int primary key, data bytea)');
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('round-trips bytea through the native hex codec: every byte value, empty, large, views', async () => {
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

it('refuses a bytea parameter that is not bytes, saying so', async () => {
  await expect(db.query('insert into blobs values ($1, $2)', [99, 'not bytes'])).rejects.toThrow(/bytea parameter must be a Uint8Array/);
});
