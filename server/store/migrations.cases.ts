import { expect, it } from 'vitest';
import { openDatabase } from './index.ts';
import { migrate, MIGRATIONS, type SqlClient } from './sql.ts';
import type { TestDriver } from './test-drivers.ts';

/** The migration that fills `versions.meta_title` and `meta_kind`. */
const BACKFILL_MIGRATION = 7;

/** Migrations as the release before one-query migrations applied them: split on `;` at line ends, comments stripped. */
async function migrateStatementByStatement(db: SqlClient, upTo = MIGRATIONS.length): Promise<void> {
  await db.query('create table schema_migrations (version integer primary key, applied_at timestamptz not null default now())');
  for (const [index, sql] of MIGRATIONS.slice(0, upTo).entries()) {
    await db.transaction(async (tx) => {
      for (const statement of sql.split(/;\s*(?:\n|$)/).map((s) => s.replace(/--.*$/gm, '').trim()).filter(Boolean)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version) values ($1)', [index + 1]);
    });
  }
}

/** Columns, indexes, constraints, triggers and functions of the public schema, in a stable order. */
async function schemaOf(db: SqlClient) {
  return {
    columns: await db.query(
      `select table_name, column_name, ordinal_position, data_type, udt_name, is_nullable, column_default
       from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`,
    ),
    indexes: await db.query(`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by tablename, indexname`),
    constraints: await db.query(
      `select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as definition
       from pg_constraint where connamespace = 'public'::regnamespace order by 1, 2`,
    ),
    triggers: await db.query(
      `select tgrelid::regclass::text as table_name, tgname, tgenabled, pg_get_triggerdef(oid) as definition
       from pg_trigger where not tgisinternal order by 1, 2`,
    ),
    functions: await db.query(`select proname, prosrc from pg_proc where pronamespace = 'public'::regnamespace order by proname`),
    migrations: (await db.query<{ version: number }>('select version from schema_migrations order by version')).map((r) => r.version),
  };
}

/** Runs `fn` on fresh databases of `driver`, closed and removed afterwards. */
async function withDatabases(driver: TestDriver, count: number, fn: (dbs: SqlClient[]) => Promise<void>): Promise<void> {
  const databases = await Promise.all(Array.from({ length: count }, () => driver.fresh()));
  // Opened together: opening is the slow part on PGlite.
  const opened = await Promise.allSettled(databases.map((d) => openDatabase(d.config)));
  const clients = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  try {
    const failed = opened.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;
    await fn(clients);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(databases.map((d) => d.dispose()));
  }
}

/** Schema migrations, on one driver (migrations.test.ts: PGlite; drivers.postgres.test.ts: PostgreSQL). */
export function migrationCases(driver: TestDriver): void {
  it('fills the frozen title and kind of versions stored before them, leaving unreadable ones empty', () =>
    withDatabases(driver, 1, async ([db]) => {
      if (!db) throw new Error('no database');
      // The schema as the release before migration 7 (the backfill) left it.
      await migrateStatementByStatement(db, BACKFILL_MIGRATION - 1);
      await db.query(`insert into artifacts (id, title, owner_id, org_id) values ('a', 'live title', 'u', 'o')`);
      await db.query(`insert into versions (artifact_id, version, state, json, html, sha256, author_id) values ('a', 1, '\\x00', $1, '\\x00', 'x', 'u'), ('a', 2, '\\x00', $2, '\\x00', 'x', 'u')`, [
        JSON.stringify({ meta: { title: 'Frozen', kind: 'report' } }),
        JSON.stringify({ meta: { title: 'not jsonb \u0000' } }),
      ]);
      await migrate(db);
      expect(await db.query('select version, meta_title, meta_kind from versions order by version')).toEqual([
        { version: 1, meta_title: 'Frozen', meta_kind: 'report' },
        { version: 2, meta_title: null, meta_kind: null },
      ]);
      // Versions stay immutable after the backfill.
      await expect(db.query(`update versions set message = 'x'`)).rejects.toThrow(/immutable/);
    }));

  it('gives every migration, each run as one query, the schema they had statement by statement', () =>
    withDatabases(driver, 2, async ([before, after]) => {
      if (!before || !after) throw new Error('no database');
      await migrateStatementByStatement(before);
      await migrate(after);
      const expected = await schemaOf(before);
      expect(expected.migrations).toEqual(MIGRATIONS.map((_, i) => i + 1));
      expect(expected.columns.length).toBeGreaterThan(60);
      expect(expected.indexes.length).toBeGreaterThan(15);
      expect(await schemaOf(after)).toEqual(expected);
      // Migrating again changes nothing.
      await migrate(after);
      expect(await schemaOf(after)).toEqual(expected);
    }), 120_000); // two databases opened and migrated: PGlite takes its time on a busy machine

  it('rolls a failing migration back whole: none of its statements stay', () =>
    withDatabases(driver, 1, async ([db]) => {
      if (!db) throw new Error('no database');
      await db.query('create table schema_migrations (version integer primary key, applied_at timestamptz not null default now())');
      // A table migration 1 is about to create, in the way of its second statement only.
      await db.query('create table updates (id int)');
      await expect(migrate(db)).rejects.toThrow(/already exists/);
      expect(await db.query(`select table_name from information_schema.tables where table_schema = 'public' order by 1`)).toEqual([
        { table_name: 'schema_migrations' },
        { table_name: 'updates' },
      ]);
      expect(await db.query('select version from schema_migrations')).toEqual([]);
    }));
}
