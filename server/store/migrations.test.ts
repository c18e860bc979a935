import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openPglite } from './pglite.ts';
import { migrate, MIGRATIONS } from './sql.ts';

/** The migration that fills `versions.meta_title` and `meta_kind`. */
const BACKFILL_MIGRATION = 7;

it('fills the frozen title and kind of versions stored before them, leaving unreadable ones empty', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'la-migrate-'));
  const db = await openPglite(dataDir);
  try {
    // The schema as the release before migration 7 (the backfill) left it.
    await db.query('create table schema_migrations (version integer primary key, applied_at timestamptz not null default now())');
    for (let version = 1; version < BACKFILL_MIGRATION; version++) {
      await db.transaction(async (tx) => {
        for (const statement of (MIGRATIONS[version - 1] as string).split(/;\s*(?:\n|$)/).map((s) => s.replace(/--.*$/gm, '').trim()).filter(Boolean)) await tx.query(statement);
        await tx.query('insert into schema_migrations (version) values ($1)', [version]);
      });
    }
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
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
