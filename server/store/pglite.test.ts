import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPglite } from './pglite.ts';
import { sqlClientCases } from './sql.cases.ts';
import type { SqlClient } from './sql.ts';
import { pgliteDriver } from './test-drivers.ts';

// What every driver promises (the same cases run on PostgreSQL in drivers.postgres.test.ts).
sqlClientCases(pgliteDriver);

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

it('refuses a bytea parameter that is not bytes, saying so', async () => {
  await expect(db.query('insert into blobs values ($1, $2)', [99, 'not bytes'])).rejects.toThrow(/bytea parameter must be a Uint8Array/);
});
