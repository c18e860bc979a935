import { hasRetentionRules, retentionClass, retentionPlan, type OrgPolicy, type RetentionPlan } from '#policies';
import type { DocumentHost } from '../collab/index.ts';
import type { Logger } from '../log.ts';
import type { ArtifactStore, RetentionStore } from '../store/index.ts';
import { ATTR, recordRetentionDeletions, SPAN, withSpan } from '../telemetry/index.ts';
import type { PolicyStore } from './policy-store.ts';

/** Advisory lock key held by the one sweeper running across all instances ("LART" + 1). */
export const RETENTION_LOCK_KEY = 0x4c41_5254_01;

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
  /** What retention reads and deletes, in the storage floor. */
  retention: RetentionStore;
  policies: PolicyStore;
  documents: DocumentHost;
  logger: Logger;
  /** The clock retention measures against (tests move it). */
  now?: () => Date;
}

/**
 * Hard-deletes what the org policies say has expired, with the pure `retentionPlan`. One sweep
 * at a time: across instances a PostgreSQL session advisory lock (`pg_try_advisory_lock`), in
 * this process a flag per database; a sweep that finds either taken returns `busy` at once.
 * Each artifact is deleted in its own transaction (live state, log, versions with their frozen
 * HTML, shares) with its `retention-deleted` audit event, after checking again under a row lock
 * that it is still expired and not held; then its sockets are closed and it leaves memory.
 */
export class RetentionSweeper {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly deps: RetentionSweeperDeps) {}

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
    return (await this.deps.retention.exclusive(RETENTION_LOCK_KEY, () => this.sweep(options.orgId))) ?? { ran: false, reason: 'busy' };
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
    const orgIds = await this.deps.retention.orgs(onlyOrg);
    const result: SweepResult & { ran: true } = {
      ran: true,
      at: now.toISOString(),
      durationMs: 0,
      orgs: [],
      plan: { deleteArtifacts: [], deleteVersions: [] },
      deleted: { artifacts: 0, versions: 0 },
      unpinned: [],
    };
    for (const orgId of orgIds) {
      const policy = await this.deps.policies.get(orgId);
      if (!hasRetentionRules(policy)) continue;
      result.orgs.push(orgId);
      const plan = retentionPlan({ now, policy, artifacts: await this.deps.retention.candidates(orgId) });
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

  /** Deletes one artifact if, under its row lock, it is still expired and not held. */
  private async deleteArtifact(orgId: string, id: string, policy: OrgPolicy, now: Date): Promise<boolean> {
    // Cascades to the update log, the state row, versions (state, JSON, frozen HTML) and shares.
    const deleted = await this.deps.retention.deleteArtifactIf(id, (row) => {
      if (!retentionPlan({ now, policy, artifacts: [row] }).deleteArtifacts.includes(id)) return null;
      const kind = retentionClass(row.visibility);
      return {
        orgId,
        ...SYSTEM_ACTOR,
        action: 'retention-deleted',
        artifactId: id,
        details: { rule: `retentionDays.${kind}`, retentionDays: policy.retentionDays[kind], lastEditedAt: new Date(row.updatedAt).toISOString() },
      };
    });
    if (deleted) {
      await this.deps.documents.evict(id);
      this.deps.documents.sessions.announce({ type: 'artifact-deleted', artifactId: id });
    }
    return deleted;
  }

  /**
   * Deletes older versions of a kept artifact: those of the plan that keep-last-N still
   * deletes under the artifact's row lock. A pinned version that goes is unpinned (viewers see
   * the live document again), in the same transaction.
   */
  private async deleteVersions(orgId: string, artifactId: string, planned: number[], policy: OrgPolicy, now: Date): Promise<{ deleted: number; unpinned: boolean }> {
    const outcome = await this.deps.retention.deleteVersionsIf(
      artifactId,
      (row) => {
        const still = new Set(retentionPlan({ now, policy, artifacts: [row] }).deleteVersions.map((v) => v.version));
        return planned.filter((v) => still.has(v));
      },
      // One event per version, appended together (one head lock, one insert).
      (versions, unpinned) =>
        versions.map((version) => ({
          orgId,
          ...SYSTEM_ACTOR,
          action: 'retention-deleted' as const,
          artifactId,
          version,
          details: { rule: 'keepVersions', keepVersions: policy.keepVersions, ...(version === unpinned ? { unpinned: true } : {}) },
        })),
    );
    if (outcome.unpinned) {
      const artifact = await this.deps.store.getArtifact(artifactId);
      if (artifact) this.deps.documents.sessions.revalidate(artifact, policy);
      this.deps.documents.sessions.announce({ type: 'artifact-changed', artifactId });
    }
    return outcome;
  }
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
