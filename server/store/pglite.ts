import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';
import type { SqlClient } from './sql.ts';

/**
 * Embedded Postgres (WASM) with its files in `dataDir`, claimed by this process alone. One
 * connection; statements queue.
 */
export async function openPglite(dataDir: string): Promise<SqlClient> {
  await mkdir(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  try {
    const db = await PGlite.create(dataDir);
    return wrap(db, db, release);
  } catch (error) {
    release();
    throw error;
  }
}

function wrap(db: PGlite, runner: PGlite | Transaction, release: () => void): SqlClient {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const result = await runner.query<T>(sql, params);
      return result.rows;
    },
    transaction<T>(fn: (tx: SqlClient) => Promise<T>) {
      if (runner !== db) return fn(wrap(db, runner, release)); // already inside one
      return db.transaction((tx) => fn(wrap(db, tx, release)));
    },
    async close() {
      if (runner !== db) return;
      await db.close();
      release();
    },
  };
}
