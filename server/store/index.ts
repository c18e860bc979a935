import type { Config } from '../config.ts';
import { ArtifactStore } from './artifact-store.ts';
import { AuditEventLog } from './audit-events.ts';
import { AuditReader } from './audit-reader.ts';
import { CommentStore } from './comment-store.ts';
import { ComplianceStore } from './compliance-store.ts';
import { HookSessionStore } from './hook-session-store.ts';
import { IdempotencyStore } from './idempotency-store.ts';
import { IdpEntryStore } from './idp-entries.ts';
import { PeopleStore } from './people-store.ts';
import { openPglite } from './pglite.ts';
import { OrgPolicyStore } from './policy-store.ts';
import { openPostgres } from './postgres.ts';
import { RetentionStore } from './retention-store.ts';
import { migrate, type SqlClient } from './sql.ts';
import { UpdateLog } from './update-log.ts';
import { VersionStore } from './version-store.ts';
import { WebhookStore } from './webhook-store.ts';

/*
 * The storage floor: the schema and every SQL query of the server live in this folder, behind
 * the stores below. It imports nothing of the layers above it (audit, http, collab,
 * governance, idp); they get their stores from `openStorage`, built once.
 */
export * from './artifact-rows.ts';
export * from './artifact-store.ts';
export * from './audit-chain.ts';
export { AuditEventLog } from './audit-events.ts';
export * from './audit-reader.ts';
export * from './compliance-store.ts';
export * from './comment-store.ts';
export { DataDirInUseError } from './data-dir-lock.ts';
export { DatabaseOpenError, isConnectionLost } from './postgres.ts';
export * from './hook-session-store.ts';
export * from './idempotency-store.ts';
export * from './idp-entries.ts';
export * from './people-store.ts';
export * from './policy-store.ts';
export * from './retention-store.ts';
export type { LogEntry, StoredDocument } from './update-rows.ts';
export * from './update-log.ts';
export * from './version-store.ts';
export * from './webhook-store.ts';
export type { SqlClient } from './sql.ts';

/** Every store of one database. */
export interface Storage {
  artifacts: ArtifactStore;
  /** Group commit of the artifacts' update log. */
  log: UpdateLog;
  versions: VersionStore;
  people: PeopleStore;
  policies: OrgPolicyStore;
  idempotency: IdempotencyStore;
  /** Standalone audit events, group-committed (events of a change ride in its transaction). */
  auditLog: AuditEventLog;
  auditReader: AuditReader;
  compliance: ComplianceStore;
  retention: RetentionStore;
  idpEntries: IdpEntryStore;
  /** Agent sessions reported by hooks and their session artifacts. */
  hookSessions: HookSessionStore;
  /** Outgoing webhooks and their delivery queue. */
  webhooks: WebhookStore;
  /** Comment threads on sections, beside the artifacts (not in their documents). */
  comments: CommentStore;
  /** The SQL client itself, for tests that look at rows; nothing above the floor queries it. */
  db: SqlClient;
  close(): Promise<void>;
}

/** Where the stores keep their rows: PostgreSQL at `databaseUrl` when set, else PGlite in `dataDir`. */
export type StorageConfig = Pick<Config, 'dataDir'> & Partial<Pick<Config, 'databaseUrl' | 'databasePoolSize'>>;

/** The configured database's SQL client, schema untouched (`openStorage` migrates it). */
export function openDatabase(config: StorageConfig): Promise<SqlClient> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, { poolSize: config.databasePoolSize ?? 10 }) : openPglite(config.dataDir);
}

/**
 * Opens the configured database, brings its schema up to date and builds every store over it.
 * `wrap` puts a layer around the SQL client (tests inject storage faults there).
 */
export async function openStorage(config: StorageConfig, wrap: (db: SqlClient) => SqlClient = (db) => db): Promise<Storage> {
  const db = wrap(await openDatabase(config));
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const artifacts = new ArtifactStore(db);
  return {
    artifacts,
    log: new UpdateLog(artifacts),
    versions: new VersionStore(db),
    people: new PeopleStore(db),
    policies: new OrgPolicyStore(db),
    idempotency: new IdempotencyStore(db),
    auditLog: new AuditEventLog(db),
    auditReader: new AuditReader(db),
    compliance: new ComplianceStore(db),
    retention: new RetentionStore(db),
    idpEntries: new IdpEntryStore(db),
    hookSessions: new HookSessionStore(db),
    webhooks: new WebhookStore(db),
    comments: new CommentStore(db),
    db,
    close: () => db.close(),
  };
}
