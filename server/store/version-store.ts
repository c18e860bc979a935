import type { ArtifactJSON } from '#shared';
import type { VersionInfo, VersionKind } from '#shared/api';
import { notFound } from '../errors.ts';
import type { AuditEventInput } from './audit-chain.ts';
import { appendAuditEvent } from './audit-events.ts';
import { insertReceipts, type Receipt } from './idempotency-store.ts';
import type { SqlClient } from './sql.ts';
import { appendEntries, type LogEntry } from './update-rows.ts';

export type { VersionInfo };

export interface NewVersion {
  artifactId: string;
  version: number;
  state: Uint8Array;
  json: ArtifactJSON;
  html: Uint8Array;
  sha256: string;
  authorId: string;
  message: string | null;
  gitCommit: string | null;
  /** The https URL of the repository holding `gitCommit`. */
  repositoryUrl: string | null;
  createdAt: string;
  kind: VersionKind;
}

/** Another publish took this version number first; read the next one and try again. */
export class VersionTakenError extends Error {
  override readonly name = 'VersionTakenError';
}

/** The newest version of an artifact, with its frozen JSON as stored. */
export interface LatestVersion {
  info: VersionInfo;
  /** The frozen JSON, byte for byte as stored. */
  json: string;
}

const INFO_COLUMNS = `v.version, v.kind, v.sha256, v.author_id, v.created_at, v.message, v.git_commit, v.repository_url, octet_length(v.html) as size_bytes,
  coalesce((select p.name from people p join artifacts a on a.id = v.artifact_id where p.org_id = a.org_id and p.user_id = v.author_id), '') as author_name`;

/**
 * Immutable published versions. Rows are only ever inserted (a database trigger refuses
 * updates); they go away only with their artifact (or by retention).
 */
export class VersionStore {
  constructor(private readonly db: SqlClient) {}

  /**
   * Runs the writes of one publish or restore in one transaction: it commits when `fn`
   * resolves and rolls back when it throws.
   */
  transaction<T>(fn: (tx: VersionWrite) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new VersionWrite(tx)));
  }

  /** The newest version (metadata and frozen JSON text), or null before the first publish. */
  latest(artifactId: string): Promise<LatestVersion | null> {
    return latestVersion(this.db, artifactId);
  }

  async list(artifactId: string): Promise<VersionInfo[]> {
    const rows = await this.db.query<InfoRow>(`select ${INFO_COLUMNS} from versions v where v.artifact_id = $1 order by v.version desc`, [artifactId]);
    return rows.map(toInfo);
  }

  async info(artifactId: string, version: number): Promise<VersionInfo | null> {
    const rows = await this.db.query<InfoRow>(`select ${INFO_COLUMNS} from versions v where v.artifact_id = $1 and v.version = $2`, [artifactId, version]);
    return rows[0] ? toInfo(rows[0]) : null;
  }

  async json(artifactId: string, version: number): Promise<ArtifactJSON | null> {
    const rows = await this.db.query<{ json: string }>('select json from versions where artifact_id = $1 and version = $2', [artifactId, version]);
    return rows[0] ? (JSON.parse(rows[0].json) as ArtifactJSON) : null;
  }

  async html(artifactId: string, version: number): Promise<{ html: Uint8Array; sha256: string } | null> {
    const rows = await this.db.query<{ html: Uint8Array; sha256: string }>(
      'select html, sha256 from versions where artifact_id = $1 and version = $2',
      [artifactId, version],
    );
    return rows[0] ?? null;
  }
}

export async function latestVersion(db: SqlClient, artifactId: string): Promise<LatestVersion | null> {
  const rows = await db.query<InfoRow & { json: string }>(`select ${INFO_COLUMNS}, v.json from versions v where v.artifact_id = $1 order by v.version desc limit 1`, [artifactId]);
  const row = rows[0];
  return row ? { info: toInfo(row), json: row.json } : null;
}

/**
 * Inserts one version inside the caller's transaction (with its 'published' event, when given);
 * throws VersionTakenError when its number is already used.
 */
export async function insertVersion(tx: SqlClient, v: NewVersion, audit?: AuditEventInput): Promise<VersionInfo> {
  const inserted = await tx.query<{ version: number }>(
    `insert into versions (artifact_id, version, state, json, html, sha256, author_id, message, git_commit, created_at, kind, meta_title, meta_kind, repository_url)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     on conflict (artifact_id, version) do nothing returning version`,
    [v.artifactId, v.version, v.state, JSON.stringify(v.json), v.html, v.sha256, v.authorId, v.message, v.gitCommit, v.createdAt, v.kind, v.json.meta.title, v.json.meta.kind, v.repositoryUrl],
  );
  if (inserted.length === 0) throw new VersionTakenError(`version ${v.version} of ${v.artifactId} exists`);
  if (audit) await appendAuditEvent(tx, { ...audit, version: v.version });
  return { version: v.version, sha256: v.sha256, author: v.authorId, authorName: '', createdAt: v.createdAt, message: v.message, gitCommit: v.gitCommit, repositoryUrl: v.repositoryUrl, sizeBytes: v.html.byteLength, kind: v.kind };
}

/**
 * The writes a publish or restore composes inside one transaction (`VersionStore.transaction`):
 * the publisher decides what to store, this says how, so no SQL lives above the floor.
 */
export class VersionWrite {
  constructor(private readonly tx: SqlClient) {}

  /** Locks the artifact's row and checks nobody published since `latest` was read. */
  async expectLatest(artifactId: string, latest: LatestVersion | null): Promise<void> {
    const rows = await this.tx.query<{ v: number | null }>(
      'select (select max(version) from versions where artifact_id = a.id) as v from artifacts a where a.id = $1 for update',
      [artifactId],
    );
    if (rows.length === 0) throw notFound();
    const current = rows[0]?.v == null ? null : Number(rows[0].v);
    if (current !== (latest?.info.version ?? null)) throw new VersionTakenError(`a version of ${artifactId} was published meanwhile`);
  }

  /** Inserts one version (with its 'published' event); throws VersionTakenError when its number is used. */
  insertVersion(version: NewVersion, audit?: AuditEventInput): Promise<VersionInfo> {
    return insertVersion(this.tx, version, audit);
  }

  /** Appends log entries with their title changes, events and receipts; names the artifacts gone. */
  appendEntries(entries: readonly LogEntry[]): Promise<{ gone: string[] }> {
    return appendEntries(this.tx, entries);
  }

  insertReceipts(receipts: readonly Receipt[]): Promise<void> {
    return insertReceipts(this.tx, receipts);
  }

  async appendAuditEvent(event: AuditEventInput): Promise<void> {
    await appendAuditEvent(this.tx, event);
  }
}

interface InfoRow {
  version: number;
  kind: VersionKind | null;
  sha256: string;
  author_id: string;
  author_name: string;
  created_at: Date | string;
  message: string | null;
  git_commit: string | null;
  repository_url: string | null;
  size_bytes: number | string;
}

function toInfo(row: InfoRow): VersionInfo {
  return {
    version: Number(row.version),
    sha256: row.sha256,
    author: row.author_id,
    authorName: row.author_name ?? '',
    createdAt: new Date(row.created_at).toISOString(),
    message: row.message,
    gitCommit: row.git_commit,
    repositoryUrl: row.repository_url ?? null,
    sizeBytes: Number(row.size_bytes),
    kind: row.kind ?? 'published',
  };
}
