import type { ArtifactJSON } from '#shared';
import type { VersionInfo, VersionKind } from '#shared/api';
import { appendAuditEvent, type AuditEventInput } from '../audit/audit-log.ts';
import type { SqlClient } from './sql.ts';

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

const INFO_COLUMNS = `v.version, v.kind, v.sha256, v.author_id, v.created_at, v.message, v.git_commit, octet_length(v.html) as size_bytes,
  coalesce((select p.name from people p join artifacts a on a.id = v.artifact_id where p.org_id = a.org_id and p.user_id = v.author_id), '') as author_name`;

/**
 * Immutable published versions. Rows are only ever inserted (a database trigger refuses
 * updates); they go away only with their artifact (or by retention).
 */
export class VersionStore {
  constructor(readonly db: SqlClient) {}

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
    `insert into versions (artifact_id, version, state, json, html, sha256, author_id, message, git_commit, created_at, kind, meta_title, meta_kind)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     on conflict (artifact_id, version) do nothing returning version`,
    [v.artifactId, v.version, v.state, JSON.stringify(v.json), v.html, v.sha256, v.authorId, v.message, v.gitCommit, v.createdAt, v.kind, v.json.meta.title, v.json.meta.kind],
  );
  if (inserted.length === 0) throw new VersionTakenError(`version ${v.version} of ${v.artifactId} exists`);
  if (audit) await appendAuditEvent(tx, { ...audit, version: v.version });
  return { version: v.version, sha256: v.sha256, author: v.authorId, authorName: '', createdAt: v.createdAt, message: v.message, gitCommit: v.gitCommit, sizeBytes: v.html.byteLength, kind: v.kind };
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
    sizeBytes: Number(row.size_bytes),
    kind: row.kind ?? 'published',
  };
}
