import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlClient } from './sql.ts';

/** Embedded Postgres (WASM) with its files in `dataDir`. One connection; statements queue. */
export async function openPglite(dataDir: string): Promise<SqlClient> {
  await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  return wrap(db, db);
}

function wrap(db: PGlite, runner: PGlite | Transaction): SqlClient {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const result = await runner.query<T>(sql, params);
      return result.rows;
    },
    transaction<T>(fn: (tx: SqlClient) => Promise<T>) {
      if (runner !== db) return fn(wrap(db, runner)); // already inside one
      return db.transaction((tx) => fn(wrap(db, tx)));
    },
    async close() {
      if (runner === db) await db.close();
    },
  };
}
