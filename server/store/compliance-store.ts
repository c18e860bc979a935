import type { Visibility } from '#policies';
import type { ComplianceArtifactRow } from '#shared/api';
import { ARTIFACT_COLUMNS, artifactSummary, toRecord, type ArtifactRow } from './artifact-rows.ts';
import type { SqlClient } from './sql.ts';

/** One row of `GET /api/compliance/artifacts`: metadata only. */
export type ComplianceArtifact = ComplianceArtifactRow;

export interface ComplianceArtifactFilter {
  /** Case-insensitive substring of the title. */
  q?: string;
  owner?: string;
  kind?: string;
  visibility?: Visibility;
  /** ISO 8601 bounds on `updatedAt`: from inclusive, to exclusive. */
  updatedFrom?: string;
  updatedTo?: string;
  /** Rows strictly after this position of the (createdAt desc, id desc) order. */
  after?: { createdAt: string; id: string };
  limit: number;
}

/** A stored version, byte for byte, for the compliance API and exports. */
export interface StoredVersion {
  version: number;
  json: string;
  html: Uint8Array;
  sha256: string;
  authorId: string;
  createdAt: string;
  message: string | null;
  gitCommit: string | null;
}

/**
 * What auditors read across their org, regardless of sharing. Pages are ordered by creation
 * (newest first), which never changes, so paging through a busy org neither skips nor repeats
 * an artifact the way an order by `updated_at` would.
 */
export class ComplianceStore {
  constructor(private readonly db: SqlClient) {}

  /** The page, plus each row's exact `created_at` (microseconds) for the next cursor. */
  async artifacts(orgId: string, filter: ComplianceArtifactFilter): Promise<{ rows: ComplianceArtifact[]; positions: string[] }> {
    const params: unknown[] = [orgId];
    const where = ['a.org_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    const q = filter.q?.trim();
    if (q) add((p) => `a.title ilike ${p}`, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (filter.owner) add((p) => `a.owner_id = ${p}`, filter.owner);
    if (filter.kind) add((p) => `a.kind = ${p}`, filter.kind);
    if (filter.visibility) add((p) => `a.visibility = ${p}`, filter.visibility);
    if (filter.updatedFrom) add((p) => `a.updated_at >= ${p}::timestamptz`, filter.updatedFrom);
    if (filter.updatedTo) add((p) => `a.updated_at < ${p}::timestamptz`, filter.updatedTo);
    if (filter.after) {
      params.push(filter.after.createdAt, filter.after.id);
      where.push(`(a.created_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(filter.limit);
    const rows = await this.db.query<Row>(
      `select ${COLUMNS}, a.created_at::text as position from artifacts a where ${where.join(' and ')}
       order by a.created_at desc, a.id desc limit $${params.length}`,
      params,
    );
    return { rows: rows.map(toArtifact), positions: rows.map((r) => r.position) };
  }

  /** One artifact of `orgId`, or null (also for another org's: their existence does not leak). */
  async artifact(orgId: string, id: string): Promise<ComplianceArtifact | null> {
    const rows = await this.db.query<Row>(
      `select ${COLUMNS}, '' as position from artifacts a where a.id = $1 and a.org_id = $2`,
      [id, orgId],
    );
    return rows[0] ? toArtifact(rows[0]) : null;
  }

  async versionNumbers(artifactId: string): Promise<number[]> {
    const rows = await this.db.query<{ version: number }>('select version from versions where artifact_id = $1 order by version', [artifactId]);
    return rows.map((r) => Number(r.version));
  }

  async version(artifactId: string, version: number): Promise<StoredVersion | null> {
    const rows = await this.db.query<{
      version: number;
      json: string;
      html: Uint8Array;
      sha256: string;
      author_id: string;
      created_at: Date | string;
      message: string | null;
      git_commit: string | null;
    }>('select version, json, html, sha256, author_id, created_at, message, git_commit from versions where artifact_id = $1 and version = $2', [artifactId, version]);
    const row = rows[0];
    if (!row) return null;
    return {
      version: Number(row.version),
      json: row.json,
      html: row.html,
      sha256: row.sha256,
      authorId: row.author_id,
      createdAt: new Date(row.created_at).toISOString(),
      message: row.message,
      gitCommit: row.git_commit,
    };
  }
}

/** The artifact columns every artifact query selects, plus the compliance counts. */
const COLUMNS = `${ARTIFACT_COLUMNS},
  (select max(v.version) from versions v where v.artifact_id = a.id) as latest_version,
  (select count(*) from versions v where v.artifact_id = a.id) as version_count`;

interface Row extends ArtifactRow {
  position: string;
  latest_version: number | null;
  version_count: number | string;
}

function toArtifact(row: Row): ComplianceArtifact {
  const record = toRecord(row);
  const { pinnedVersion: _pinned, ...summary } = artifactSummary(record, row.latest_version == null ? null : Number(row.latest_version));
  return { ...summary, createdAt: record.createdAt, versionCount: Number(row.version_count), legalHold: record.legalHold };
}
