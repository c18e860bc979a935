import { hasRetentionRules, retentionClass, retentionPlan, type OrgPolicy, type RetentionCandidate, type RetentionPlan, type Visibility } from '#policies';
import { appendAuditEvent, appendAuditEvents } from '../audit/audit-log.ts';
import type { DocumentHost } from '../collab/index.ts';
import type { Logger } from '../log.ts';
import type { ArtifactStore, SqlClient } from '../store/index.ts';
import { ATTR, recordRetentionDeletions, SPAN, withSpan } from '../telemetry/index.ts';
import type { PolicyStore } from './policy-store.ts';

/** Advisory lock key held by the one sweeper running across all instances ("LART" + 1). */
export const RETENTION_LOCK_KEY = 0x4c41_5254_01;

/** Versions that hold live work a restore replaced (keep-last-N keeps the newest of them). */
const PRESERVED_VERSIONS = `coalesce((select array_agg(v.version) from versions v where v.artifact_id = a.id and v.kind = 'before-restore'), '{}') as preserved_versions`;

/** The actor of retention deletions in the audit trail. */
export const SYSTEM_ACTOR = { actorId: 'system', actorName: 'Retention' } as const;

export type SweepResult =
  | {
      ran: true;
      /** The sweeper's clock at the start (ISO 8601): what expiry was measured against. */
      at: string;
      durationMs: number;
      /** Orgs whose policy has a retention rule. */
      orgs: string[];
      /** What the pure plan said to delete. */
      plan: RetentionPlan;
      /** What was deleted (less than the plan when an artifact was edited or held meanwhile). */
      deleted: { artifacts: number; versions: number };
      /** Artifacts whose pinned version was deleted: viewers now see the live document. */
      unpinned: string[];
    }
  | { ran: false; reason: 'busy' };

export interface RetentionSweeperDeps {
  store: ArtifactStore;
  policies: PolicyStore;
  documents: DocumentHost;
  logger: Logger;
  /** The clock retention measures against (tests move it). */
  now?: () => Date;
}

/** Sweeps running in this process, per database: PGlite has one session, so the advisory lock alone cannot tell them apart. */
const runningOn = new WeakSet<SqlClient>();

/**
 * Hard-deletes what the org policies say has expired, with the pure `retentionPlan`. One sweep
 * at a time: across instances a PostgreSQL session advisory lock (`pg_try_advisory_lock`), in
 * this process a flag per database; a sweep that finds either taken returns `busy` at once.
 * Each artifact is deleted in its own transaction (live state, log, versions with their frozen
 * HTML, shares) with its `retention-deleted` audit event, after checking again under a row lock
 * that it is still expired and not held; then its sockets are closed and it leaves memory.
 */
export class RetentionSweeper {
  private readonly db: SqlClient;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly deps: RetentionSweeperDeps) {
    this.db = deps.store.db;
  }

  /** Sweeps every org (or one), now. One span per sweep: orgs with rules, what was deleted. */
  run(options: { orgId?: string } = {}): Promise<SweepResult> {
    return withSpan(SPAN.retentionSweep, undefined, async (span) => {
      const result = await this.runOnce(options);
      if (span.isRecording()) {
        span.setAttributes(
          result.ran
            ? { [ATTR.retentionOrgs]: result.orgs.length, [ATTR.retentionArtifacts]: result.deleted.artifacts, [ATTR.retentionVersions]: result.deleted.versions }
            : { [ATTR.retentionBusy]: true },
        );
      }
      return result;
    });
  }

  private async runOnce(options: { orgId?: string }): Promise<SweepResult> {
    if (runningOn.has(this.db)) return { ran: false, reason: 'busy' };
    runningOn.add(this.db);
    try {
      const locked = await this.db.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [RETENTION_LOCK_KEY]);
      if (!locked[0]?.ok) return { ran: false, reason: 'busy' };
      try {
        return await this.sweep(options.orgId);
      } finally {
        await this.db.query('select pg_advisory_unlock($1::bigint)', [RETENTION_LOCK_KEY]);
      }
    } finally {
      runningOn.delete(this.db);
    }
  }

  /** Sweeps every `intervalMs` until `stop`. A failed sweep is logged and the next one tries again. */
  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => {
      this.run().then(
        (result) => {
          if (result.ran && (result.deleted.artifacts || result.deleted.versions)) {
            this.deps.logger.info({ deleted: result.deleted, durationMs: result.durationMs, unpinned: result.unpinned.length }, 'retention sweep deleted expired artifacts and versions');
          }
        },
        (error: unknown) => this.deps.logger.warn({ err: error }, 'retention sweep failed; the next one tries again'),
      );
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async sweep(onlyOrg: string | undefined): Promise<SweepResult & { ran: true }> {
    const startedMs = performance.now();
    const now = this.deps.now?.() ?? new Date();
    const orgRows = await this.db.query<{ org_id: string }>(
      'select distinct org_id from artifacts where $1::text is null or org_id = $1 order by org_id',
      [onlyOrg ?? null],
    );
    const result: SweepResult & { ran: true } = {
      ran: true,
      at: now.toISOString(),
      durationMs: 0,
      orgs: [],
      plan: { deleteArtifacts: [], deleteVersions: [] },
      deleted: { artifacts: 0, versions: 0 },
      unpinned: [],
    };
    for (const { org_id: orgId } of orgRows) {
      const policy = await this.deps.policies.get(orgId);
      if (!hasRetentionRules(policy)) continue;
      result.orgs.push(orgId);
      const plan = retentionPlan({ now, policy, artifacts: await this.candidates(orgId) });
      result.plan.deleteArtifacts.push(...plan.deleteArtifacts);
      result.plan.deleteVersions.push(...plan.deleteVersions);
      for (const id of plan.deleteArtifacts) {
        if (!(await this.deleteArtifact(orgId, id, policy, now))) continue;
        result.deleted.artifacts++;
        recordRetentionDeletions('artifact', 1);
      }
      for (const [artifactId, versions] of groupByArtifact(plan.deleteVersions)) {
        const outcome = await this.deleteVersions(orgId, artifactId, versions, policy, now);
        result.deleted.versions += outcome.deleted;
        recordRetentionDeletions('version', outcome.deleted);
        if (outcome.unpinned) result.unpinned.push(artifactId);
      }
    }
    result.durationMs = Math.round(performance.now() - startedMs);
    return result;
  }

  private async candidates(orgId: string): Promise<RetentionCandidate[]> {
    const rows = await this.db.query<CandidateRow>(
      `select a.id, a.visibility, a.updated_at, a.legal_hold,
         coalesce((select array_agg(v.version) from versions v where v.artifact_id = a.id), '{}') as versions,
         ${PRESERVED_VERSIONS}
       from artifacts a where a.org_id = $1`,
      [orgId],
    );
    return rows.map(toCandidate);
  }

  /** Deletes one artifact if, under its row lock, it is still expired and not held. */
  private async deleteArtifact(orgId: string, id: string, policy: OrgPolicy, now: Date): Promise<boolean> {
    const deleted = await this.db.transaction(async (tx) => {
      const rows = await tx.query<CandidateRow>(`select id, visibility, updated_at, legal_hold, '{}'::int[] as versions from artifacts where id = $1 for update`, [id]);
      const row = rows[0];
      if (!row || !retentionPlan({ now, policy, artifacts: [toCandidate(row)] }).deleteArtifacts.includes(id)) return false;
      // Cascades to the update log, the state row, versions (state, JSON, frozen HTML) and shares.
      await tx.query('delete from artifacts where id = $1', [id]);
      const kind = retentionClass(row.visibility);
      await appendAuditEvent(tx, {
        orgId,
        ...SYSTEM_ACTOR,
        action: 'retention-deleted',
        artifactId: id,
        details: { rule: `retentionDays.${kind}`, retentionDays: policy.retentionDays[kind], lastEditedAt: new Date(row.updated_at).toISOString() },
      });
      return true;
    });
    if (deleted) await this.deps.documents.evict(id);
    return deleted;
  }

  /**
   * Deletes older versions of a kept artifact: those of the plan that keep-last-N still
   * deletes under the artifact's row lock. A pinned version that goes is unpinned (viewers see
   * the live document again), in the same transaction.
   */
  private async deleteVersions(orgId: string, artifactId: string, planned: number[], policy: OrgPolicy, now: Date): Promise<{ deleted: number; unpinned: boolean }> {
    const outcome = await this.db.transaction(async (tx) => {
      const rows = await tx.query<CandidateRow & { pinned_version: number | null }>(
        `select id, visibility, updated_at, legal_hold, pinned_version,
           coalesce((select array_agg(v.version) from versions v where v.artifact_id = a.id), '{}') as versions,
           ${PRESERVED_VERSIONS}
         from artifacts a where id = $1 for update`,
        [artifactId],
      );
      const row = rows[0];
      if (!row) return { deleted: 0, unpinned: false };
      const still = new Set(retentionPlan({ now, policy, artifacts: [toCandidate(row)] }).deleteVersions.map((v) => v.version));
      const versions = planned.filter((v) => still.has(v));
      if (versions.length === 0) return { deleted: 0, unpinned: false };
      await tx.query('delete from versions where artifact_id = $1 and version = any($2::int[])', [artifactId, versions]);
      const unpinned = row.pinned_version !== null && versions.includes(Number(row.pinned_version));
      if (unpinned) await tx.query('update artifacts set pinned_version = null where id = $1', [artifactId]);
      // One event per version, appended together (one head lock, one insert).
      await appendAuditEvents(
        tx,
        versions.map((version) => ({
          orgId,
          ...SYSTEM_ACTOR,
          action: 'retention-deleted' as const,
          artifactId,
          version,
          details: { rule: 'keepVersions', keepVersions: policy.keepVersions, ...(unpinned && version === Number(row.pinned_version) ? { unpinned: true } : {}) },
        })),
      );
      return { deleted: versions.length, unpinned };
    });
    if (outcome.unpinned) {
      const artifact = await this.deps.store.getArtifact(artifactId);
      if (artifact) this.deps.documents.sessions.revalidate(artifact, policy);
    }
    return outcome;
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

function groupByArtifact(versions: RetentionPlan['deleteVersions']): Map<string, number[]> {
  const byArtifact = new Map<string, number[]>();
  for (const { artifactId, version } of versions) {
    const list = byArtifact.get(artifactId) ?? [];
    list.push(version);
    byArtifact.set(artifactId, list);
  }
  return byArtifact;
}
