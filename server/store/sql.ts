/**
 * The little a store needs of a SQL database. PGlite and `pg` both provide it, so the
 * schema and every query are written once (store/artifact-store.ts).
 */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Schema migrations, applied in order once each. Never edit a shipped entry; append one. */
export const MIGRATIONS: readonly string[] = [
  `
  create table artifacts (
    id text primary key,
    title text not null,
    kind text not null default 'document',
    owner_id text not null,
    org_id text not null,
    visibility text not null default 'private',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );
  create index artifacts_org_updated on artifacts (org_id, updated_at desc);
  -- Append-only log of Yjs updates; acknowledged only once committed here.
  create table updates (
    id bigserial primary key,
    artifact_id text not null references artifacts (id) on delete cascade,
    data bytea not null
  );
  create index updates_artifact on updates (artifact_id, id);
  -- The log folded into one Yjs update per artifact.
  create table state (
    artifact_id text primary key references artifacts (id) on delete cascade,
    data bytea not null,
    compacted_at timestamptz not null default now()
  );
  `,
  `
  -- Published versions: immutable, inserted once, gone only with their artifact.
  create table versions (
    artifact_id text not null references artifacts (id) on delete cascade,
    version integer not null,
    state bytea not null,
    json text not null,
    html bytea not null,
    sha256 text not null,
    author_id text not null,
    message text,
    git_commit text,
    created_at timestamptz not null default now(),
    primary key (artifact_id, version)
  );
  create function versions_are_immutable() returns trigger language plpgsql as $$ begin raise exception 'versions are immutable'; end $$;
  create trigger versions_no_update before update on versions for each row execute function versions_are_immutable();
  -- What viewers see: null = the live document, n = pinned to version n.
  alter table artifacts add column pinned_version integer;
  `,
  `
  -- With visibility 'restricted': the people and groups (of the owner's org) who may read.
  create table shares (
    artifact_id text not null references artifacts (id) on delete cascade,
    kind text not null check (kind in ('user', 'group')),
    subject text not null,
    primary key (artifact_id, kind, subject)
  );
  `,
  `
  -- The directory: people as of their last sign-in (or seeded by the embedded IdP), for the
  -- share dialog and owner names. Identity itself stays with the IdP.
  create table people (
    org_id text not null,
    user_id text not null,
    name text not null,
    groups text[] not null default '{}',
    -- Agents (service accounts) own artifacts but are not people one shares with.
    agent boolean not null default false,
    seen_at timestamptz not null default now(),
    primary key (org_id, user_id)
  );
  `,
];

export async function migrate(db: SqlClient): Promise<void> {
  await db.query('create table if not exists schema_migrations (version integer primary key, applied_at timestamptz not null default now())');
  const rows = await db.query<{ version: number }>('select coalesce(max(version), 0) as version from schema_migrations');
  const current = Number(rows[0]?.version ?? 0);
  for (let version = current + 1; version <= MIGRATIONS.length; version++) {
    await db.transaction(async (tx) => {
      for (const statement of splitStatements(MIGRATIONS[version - 1] as string)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version) values ($1)', [version]);
    });
  }
}

function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/--.*$/gm, '').trim())
    .filter(Boolean);
}
