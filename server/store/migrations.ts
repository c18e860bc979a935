/*
 * The schema, as the list of migrations that built it (server/store/sql.ts applies them).
 */

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
  `
  -- The audit trail: append-only, one hash chain per org (hash = sha256(prev_hash || canonical
  -- JSON of the event)), metadata only. Artifacts may be hard-deleted; their events stay.
  create table audit_events (
    org_id text not null,
    seq bigint not null,
    at timestamptz not null,
    actor_id text not null,
    actor_name text not null default '',
    action text not null,
    artifact_id text,
    version integer,
    client_address text,
    details jsonb not null default '{}',
    prev_hash text not null,
    hash text not null,
    primary key (org_id, seq)
  );
  create index audit_events_artifact on audit_events (org_id, artifact_id, seq);
  create index audit_events_at on audit_events (org_id, at);
  -- The head of each org's chain, locked while an event is appended so the chain never forks.
  create table audit_heads (
    org_id text primary key,
    seq bigint not null,
    hash text not null
  );
  create function audit_is_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit events are append-only'; end $$;
  create trigger audit_no_change before update or delete on audit_events for each row execute function audit_is_append_only();
  create trigger audit_no_truncate before truncate on audit_events for each statement execute function audit_is_append_only();
  `,
  `
  -- Governance: one policy per org (validated JSON, see policies/governance.ts) and legal hold
  -- per artifact.
  create table org_policies (
    org_id text primary key,
    policy jsonb not null,
    updated_at timestamptz not null default now(),
    updated_by text not null
  );
  alter table artifacts add column legal_hold boolean not null default false;
  `,
  `
  -- Idempotency keys of writes (op batches, publishes, restores): the first outcome of a key,
  -- stored in the same transaction as the write it answers, replayed to retries for 24 hours.
  -- Scoped by the caller; gone with the artifact.
  create table idempotency_keys (
    user_id text not null,
    key text not null,
    artifact_id text not null references artifacts (id) on delete cascade,
    request_hash text not null,
    status integer not null,
    response text not null,
    created_at timestamptz not null default now(),
    primary key (user_id, key)
  );
  create index idempotency_keys_created on idempotency_keys (created_at);
  create index idempotency_keys_artifact on idempotency_keys (artifact_id);
  -- How a version came to be; 'before-restore' versions hold live work a restore replaced.
  alter table versions add column kind text not null default 'published' check (kind in ('published', 'before-restore', 'restored'));
  -- The frozen title and kind, for lists shown to readers of a pinned artifact (who must not
  -- see the live title). Filled for the versions already there; versions stay immutable.
  alter table versions add column meta_title text;
  alter table versions add column meta_kind text;
  alter table versions disable trigger versions_no_update;
  do $$ declare r record; begin for r in select artifact_id, version, json from versions loop begin update versions set meta_title = (r.json::jsonb)->'meta'->>'title', meta_kind = (r.json::jsonb)->'meta'->>'kind' where artifact_id = r.artifact_id and version = r.version; exception when others then null; end; end loop; end $$;
  alter table versions enable trigger versions_no_update;
  `,
  `
  -- The embedded IdP's state (server/idp/store.ts): sessions, interactions, codes, grants,
  -- refresh tokens, one row per oidc-provider model entry, so a restart signs no one out.
  -- The payload is JSON text, not jsonb: jsonb refuses the NUL character, which request parameters may hold.
  -- uid, user_code and grant_id are the adapter's lookups; account_id is null for entries
  -- anyone can create without signing in (those are capped per model); stored_at orders them.
  create table idp_entries (
    model text not null,
    id text not null,
    payload text not null,
    expires_at timestamptz,
    uid text,
    user_code text,
    grant_id text,
    account_id text,
    consumed_at timestamptz,
    stored_at timestamptz not null,
    primary key (model, id)
  );
  create index idp_entries_uid on idp_entries (model, uid) where uid is not null;
  create index idp_entries_user_code on idp_entries (model, user_code) where user_code is not null;
  create index idp_entries_grant on idp_entries (model, grant_id) where grant_id is not null;
  create index idp_entries_expires on idp_entries (expires_at) where expires_at is not null;
  create index idp_entries_anonymous on idp_entries (model, stored_at) where account_id is null;
  `,
  `
  -- Agent sessions reported by hooks (POST /api/hooks/:source): which session artifact a
  -- caller's (source, session id) writes to. Gone with the artifact, however it is deleted.
  create table hook_sessions (
    user_id text not null,
    source text not null,
    session_id text not null,
    artifact_id text not null references artifacts (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (user_id, source, session_id)
  );
  create index hook_sessions_artifact on hook_sessions (artifact_id);
  `,
  `
  -- Where a version's git commit lives (an https repository URL), so pages link to the commit.
  alter table versions add column repository_url text;
  `,
  `
  -- Share roles: what a share to a person or group grants ('view' is every share made before).
  alter table shares add column role text not null default 'view' check (role in ('view', 'edit'));
  -- Remix lineage: the artifact (and version, null = its live document) this one was copied
  -- from. When the source is deleted the link goes with it (set null); the copy stays.
  alter table artifacts add column remixed_from text references artifacts (id) on delete set null;
  alter table artifacts add column remixed_from_version integer;
  create index artifacts_remixed_from on artifacts (remixed_from) where remixed_from is not null;
  `,
  `
  -- Outgoing webhooks (server/webhooks): org-wide hooks (artifact_id null, org-admins) and an
  -- artifact's hooks (its owner), gone with the artifact. The secret signs every body (HMAC).
  create table webhooks (
    id text primary key,
    org_id text not null,
    artifact_id text references artifacts (id) on delete cascade,
    url text not null,
    events text[] not null,
    secret text not null,
    created_by text not null,
    created_at timestamptz not null default now(),
    secret_rotated_at timestamptz
  );
  create index webhooks_org on webhooks (org_id, artifact_id);
  create index webhooks_artifact on webhooks (artifact_id) where artifact_id is not null;
  -- Per org: whether bodies may carry content (a comment's text); off by default.
  create table webhook_settings (
    org_id text primary key,
    include_content boolean not null default false,
    updated_at timestamptz not null default now(),
    updated_by text not null
  );
  -- One row per event and hook, queued in the request that caused it and delivered in the
  -- background; claimed by one instance at a time (claimed_until), retried until next_attempt_at.
  create table webhook_deliveries (
    id text primary key,
    hook_id text not null references webhooks (id) on delete cascade,
    -- The artifact the event is about (null: a test event of an org hook): a deleted artifact's
    -- queued deliveries and their bodies (its title) go with it, like everything of it.
    artifact_id text references artifacts (id) on delete cascade,
    event text not null,
    body text not null,
    status text not null default 'pending' check (status in ('pending', 'delivering', 'delivered', 'failed')),
    attempts integer not null default 0,
    next_attempt_at timestamptz,
    claimed_until timestamptz,
    created_at timestamptz not null default now()
  );
  create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status in ('pending', 'delivering');
  create index webhook_deliveries_hook on webhook_deliveries (hook_id, created_at desc);
  create table webhook_attempts (
    delivery_id text not null references webhook_deliveries (id) on delete cascade,
    attempt integer not null,
    at timestamptz not null,
    status_code integer,
    duration_ms integer not null,
    error text,
    primary key (delivery_id, attempt)
  );
  `,
  `
  -- Comment threads on sections (server/store/comment-store.ts): rows beside the artifact, not
  -- in its Yjs document, so they never enter versions or diffs; gone with the artifact.
  -- routed_seq orders the agent's queue: set from the sequence whenever the thread is routed
  -- to the agent again (created with @agent, a reply asking it, reopened); null = not routed.
  create sequence comment_route_seq;
  create table comment_threads (
    id text primary key,
    artifact_id text not null references artifacts (id) on delete cascade,
    org_id text not null,
    section_id text not null,
    quote text,
    event_id text,
    author_id text not null,
    status text not null default 'open' check (status in ('open', 'resolved')),
    agent boolean not null default false,
    routed_seq bigint,
    resolved_by text,
    resolved_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );
  create index comment_threads_artifact on comment_threads (artifact_id, created_at, id);
  create index comment_threads_routed on comment_threads (org_id, routed_seq) where routed_seq is not null;
  create table comments (
    id text primary key,
    thread_id text not null references comment_threads (id) on delete cascade,
    artifact_id text not null references artifacts (id) on delete cascade,
    author_id text not null,
    author_name text not null,
    text text not null,
    mentions text[] not null default '{}',
    -- The @words of the text that resolved to those mentions (for marking them in the text).
    mention_handles text[] not null default '{}',
    via_agent boolean not null default false,
    created_at timestamptz not null default now(),
    edited_at timestamptz
  );
  create index comments_thread on comments (thread_id, created_at, id);
  create index comments_artifact on comments (artifact_id);
  `,
];
