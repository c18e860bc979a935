import { MIGRATIONS } from './migrations.ts';

export { MIGRATIONS };

/**
 * The little a store needs of a SQL database. PGlite and `pg` both provide it, so the
 * schema and every query are written once, in the stores of this folder.
 */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs several statements as one query (the simple query protocol: no parameters, no rows
   * returned). Migrations use it, so a migration is parsed by the database, not by us.
   */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one connection, outside any transaction: for what is bound to a session, such
   * as advisory locks (`pg_try_advisory_lock` / `pg_advisory_unlock` must meet the same
   * connection; on a pool two queries may not). PGlite has one connection anyway.
   */
  session<T>(fn: (db: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}


/** Key of the transaction-scoped advisory lock that serialises migrations across instances ('LAMI' + 1; retention's is 'LART' + 1). */
export const MIGRATION_LOCK_KEY = 0x4c41_4d49_01;

/**
 * Brings the schema up to date. Instances starting together on one database migrate once: each
 * takes the same advisory lock inside one transaction that reads `schema_migrations` and applies
 * what is missing, so the second finds the work done. A failing migration rolls back with
 * everything this call applied; the schema stays as it was.
 */
export async function migrate(db: SqlClient): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await tx.query('create table if not exists schema_migrations (version integer primary key, applied_at timestamptz not null default now())');
    const rows = await tx.query<{ version: number }>('select coalesce(max(version), 0) as version from schema_migrations');
    const current = Number(rows[0]?.version ?? 0);
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      // One query per migration: dollar-quoted bodies and comments are the database's to parse.
      await tx.exec(MIGRATIONS[version - 1] as string);
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
    }
  });
}
