import { mkdir } from 'node:fs/promises';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';
import type { SqlClient } from './sql.ts';

/**
 * bytea crosses PGlite's wire as `\x` + hex text. PGlite converts it byte by byte in JS, which
 * took 140–200 ms to read and 400–550 ms to write a 1.8 MB document state (10,000 sections);
 * Node's native hex codec does the same in about 10 ms and 50 ms.
 */
const BYTEA = {
  parse: (text: string): Uint8Array => {
    const bytes = Buffer.from(text.slice(2), 'hex');
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  },
  serialize: (value: unknown): string => {
    if (!(value instanceof Uint8Array)) throw new TypeError('a bytea parameter must be a Uint8Array');
    return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  },
};

/**
 * Embedded Postgres (WASM) with its files in `dataDir`, claimed by this process alone. One
 * connection; statements queue.
 */
export async function openPglite(dataDir: string): Promise<SqlClient> {
  await mkdir(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  try {
    const db = await PGlite.create(dataDir, { parsers: { [types.BYTEA]: BYTEA.parse }, serializers: { [types.BYTEA]: BYTEA.serialize } });
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
    async exec(sql: string) {
      await runner.exec(sql);
    },
    transaction<T>(fn: (tx: SqlClient) => Promise<T>) {
      if (runner !== db) return fn(wrap(db, runner, release)); // already inside one
      return db.transaction((tx) => fn(wrap(db, tx, release)));
    },
    session<T>(fn: (db: SqlClient) => Promise<T>) {
      // One connection: every statement is on the same session already.
      return fn(wrap(db, runner, release));
    },
    async close() {
      if (runner !== db) return;
      await db.close();
      release();
    },
  };
}
