import type { RetentionCandidate, Visibility } from '#policies';
import type { AuditEventInput } from './audit-chain.ts';
import { appendAuditEvent, appendAuditEvents } from './audit-events.ts';
import type { SqlClient } from './sql.ts';

/** Versions that hold live work a restore replaced (keep-last-N keeps the newest of them). */
const PRESERVED_VERSIONS = `coalesce((select array_agg(v.version) from versions v where v.artifact_id = a.id and v.kind = 'before-restore'), '{}') as preserved_versions`;

/** Holders of an exclusive section in this process, per database: PGlite has one session, so the advisory lock alone cannot tell them apart. */
const runningOn = new WeakMap<SqlClient, Set<number>>();

/**
 * What retention reads and deletes. The sweeper decides (with the pure `retentionPlan`) what
 * has expired; each deletion here checks again, through `decide`, under the artifact's row
 * lock, and commits with the audit events `decide` names.
 */
export class RetentionStore {
  constructor(private readonly db: SqlClient) {}

  /**
   * Runs `fn` holding `key`: across instances a PostgreSQL session advisory lock
   * (`pg_try_advisory_lock`, on one connection held for the duration), in this process a flag
   * per database. Null, at once, when either is taken. `fn` runs its own statements on the pool.
   */
  async exclusive<T>(key: number, fn: () => Promise<T>): Promise<T | null> {
    const held = runningOn.get(this.db) ?? new Set<number>();
    runningOn.set(this.db, held);
    if (held.has(key)) return null;
    held.add(key);
    try {
      // Lock and unlock on one connection: a session lock belongs to the session that took it.
      return await this.db.session(async (session) => {
        const locked = await session.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [key]);
        if (!locked[0]?.ok) return null;
        try {
          return await fn();
        } finally {
          await session.query('select pg_advisory_unlock($1::bigint)', [key]);
        }
      });
    } finally {
      held.delete(key);
    }
  }

  /** Orgs that have artifacts (just `onlyOrg`, when given and it has some), in order. */
  async orgs(onlyOrg?: string): Promise<string[]> {
    const rows = await this.db.query<{ org_id: string }>('select distinct org_id from artifacts where $1::text is null or org_id = $1 order by org_id', [onlyOrg ?? null]);
    return rows.map((r) => r.org_id);
  }

  async candidates(orgId: string): Promise<RetentionCandidate[]> {
    const rows = await this.db.query<CandidateRow>(
      `select a.id, a.visibility, a.updated_at, a.legal_hold,
         coalesce((select array_agg(v.version) from versions v where v.artifact_id = a.id), '{}') as versions,
         ${PRESERVED_VERSIONS}
       from artifacts a where a.org_id = $1`,
      [orgId],
    );
    return rows.map(toCandidate);
  }

  /**
   * Hard-deletes one artifact (cascading to its log, state, versions and shares) if `decide`,
   * given its row under lock (without versions), still names its audit event.
   */
  async deleteArtifactIf(id: string, decide: (row: RetentionCandidate) => AuditEventInput | null): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<CandidateRow>(`select id, visibility, updated_at, legal_hold, '{}'::int[] as versions from artifacts where id = $1 for update`, [id]);
      const event = rows[0] ? decide(toCandidate(rows[0])) : null;
      if (!event) return false;
      await tx.query('delete from artifacts where id = $1', [id]);
      await appendAuditEvent(tx, event);
      return true;
    });
  }

  /**
   * Deletes the versions `decide` picks, given the artifact's row under lock, with the events
   * `events` builds for them (one each, appended together). A pinned version that goes is
   * unpinned in the same transaction; `events` is told which.
   */
  async deleteVersionsIf(
    artifactId: string,
    decide: (row: RetentionCandidate) => number[],
    events: (versions: number[], unpinned: number | null) => AuditEventInput[],
  ): Promise<{ deleted: number; unpinned: boolean }> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<CandidateRow & { pinned_version: number | null }>(
        `select id, visibility, updated_at, legal_hold, pinned_version,
           coalesce((select array_agg(v.version) from versions v where v.artifact_id = a.id), '{}') as versions,
           ${PRESERVED_VERSIONS}
         from artifacts a where id = $1 for update`,
        [artifactId],
      );
      const row = rows[0];
      if (!row) return { deleted: 0, unpinned: false };
      const versions = decide(toCandidate(row));
      if (versions.length === 0) return { deleted: 0, unpinned: false };
      await tx.query('delete from versions where artifact_id = $1 and version = any($2::int[])', [artifactId, versions]);
      const pinned = row.pinned_version === null ? null : Number(row.pinned_version);
      const unpinned = pinned !== null && versions.includes(pinned);
      if (unpinned) await tx.query('update artifacts set pinned_version = null where id = $1', [artifactId]);
      await appendAuditEvents(tx, events(versions, unpinned ? pinned : null));
      return { deleted: versions.length, unpinned };
    });
  }
}

interface CandidateRow {
  id: string;
  visibility: Visibility;
  updated_at: Date | string;
  legal_hold: boolean;
  versions: number[];
  preserved_versions?: number[];
}

function toCandidate(row: CandidateRow): RetentionCandidate {
  return {
    id: row.id,
    visibility: row.visibility,
    updatedAt: new Date(row.updated_at),
    legalHold: row.legal_hold,
    versions: row.versions.map(Number),
    preservedVersions: (row.preserved_versions ?? []).map(Number),
  };
}
