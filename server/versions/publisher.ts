import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';
import type { ArtifactJSON } from '#shared';
import type { VersionKind } from '#shared/api';
import type { AuditEventInput } from '../audit/audit-log.ts';
import { auditEvent, type AuditActor } from '../audit/actor.ts';
import type { Principal } from '../auth/index.ts';
import type { DocumentHost, LiveSnapshot, Replacement } from '../collab/index.ts';
import { AppError, notFound } from '../errors.ts';
import {
  VersionTakenError,
  type LatestVersion,
  type NewVersion,
  type Receipt,
  type ArtifactRecord,
  type VersionInfo,
  type VersionStore,
} from '../store/index.ts';
import { ATTR, SPAN, withSpan } from '../telemetry/index.ts';
import { MAX_SNAPSHOT_BYTES, renderFrozenHtml } from './frozen-html.ts';

/** Attempts when concurrent publishes of one artifact race for the same number. */
const MAX_ATTEMPTS = 5;

export interface PublishInput {
  message?: string | null;
  gitCommit?: string | null;
  repositoryUrl?: string | null;
}

/** A publish's answer: the new version, or the latest one when nothing changed since it. */
export interface PublishOutcome extends VersionInfo {
  /** True when the live document equals the latest version: nothing new was stored. */
  unchanged: boolean;
}

/** A restore's answer: the version that now equals the live document. */
export interface RestoreOutcome extends PublishOutcome {
  /** The version that froze the live state the restore replaced (null when it was already a version). */
  preservedVersion: number | null;
}

/** With an idempotency key: the receipt to store with the version, given the answer. */
export type ReceiptFor<T> = (outcome: T) => Receipt;

/**
 * Publish freezes the live document into version n; restore brings version n back to life.
 * Neither ever stores a version equal to the latest one, and restore never throws away live
 * work that is in no version: it first freezes it, in the same transaction as the restore.
 */
export class Publisher {
  constructor(
    private readonly documents: DocumentHost,
    private readonly versions: VersionStore,
  ) {}

  /** With `actor`, the version row and its 'published' event commit together. */
  publish(artifact: ArtifactRecord, principal: Principal, input: PublishInput = {}, actor?: AuditActor, receipt?: ReceiptFor<PublishOutcome>): Promise<PublishOutcome> {
    return withSpan(SPAN.publish, { [ATTR.artifactId]: artifact.id, [ATTR.orgId]: artifact.orgId }, async (span) => {
      const outcome = await this.freezeLive(artifact, principal, input, actor, receipt);
      if (span.isRecording()) span.setAttributes({ [ATTR.version]: outcome.version, [ATTR.unchanged]: outcome.unchanged, [ATTR.htmlBytes]: outcome.sizeBytes });
      return outcome;
    });
  }

  private async freezeLive(artifact: ArtifactRecord, principal: Principal, input: PublishInput, actor?: AuditActor, receipt?: ReceiptFor<PublishOutcome>): Promise<PublishOutcome> {
    const live = await this.documents.snapshot(artifact, principal);
    for (let attempt = 1; ; attempt++) {
      const latest = await this.versions.latest(artifact.id);
      if (latest && sameContent(latest, live.json)) return { ...latest.info, unchanged: true };
      const version = freeze(artifact.id, live, (latest?.info.version ?? 0) + 1, principal, input);
      try {
        return await this.versions.transaction(async (tx) => {
          await tx.expectLatest(artifact.id, latest);
          const outcome = { ...(await tx.insertVersion(version, actor && published(actor, artifact.id, version))), unchanged: false };
          if (receipt) await tx.insertReceipts([receipt(outcome)]);
          return outcome;
        });
      } catch (error) {
        if (!(error instanceof VersionTakenError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Makes the live document equal to version `n` through a forward change (connected viewers
   * see it happen, once stored). One transaction stores, in order: the live state as a version
   * of its own ("Before restoring version n") when it is not the latest version, the change
   * with its 'restored' event, and the result as a new version ("Restored version n") unless
   * it equals the latest one.
   */
  async restore(artifact: ArtifactRecord, principal: Principal, n: number, actor?: AuditActor, receipt?: ReceiptFor<RestoreOutcome>): Promise<RestoreOutcome> {
    const content = await this.versions.json(artifact.id, n);
    if (!content) throw notFound('version');
    const commit = async (change: Replacement): Promise<RestoreOutcome> => {
      for (let attempt = 1; ; attempt++) {
        const latest = await this.versions.latest(artifact.id);
        const plan = restorePlan(artifact.id, change, latest, n, principal);
        try {
          return await this.versions.transaction(async (tx) => {
            await tx.expectLatest(artifact.id, latest);
            const preserved = plan.preserve && (await tx.insertVersion(plan.preserve, actor && published(actor, artifact.id, plan.preserve, { reason: 'before-restore', restoring: n })));
            const restoredEvent = actor && auditEvent(actor, 'restored', { artifactId: artifact.id, version: n });
            if (change.update) {
              const { gone } = await tx.appendEntries([{ artifactId: artifact.id, data: change.update, ...(change.meta ? { meta: change.meta } : {}), ...(restoredEvent ? { audit: restoredEvent } : {}) }]);
              if (gone.length) throw notFound();
            } else if (restoredEvent) {
              await tx.appendAuditEvent(restoredEvent);
            }
            // No new version when the result is what the latest one (or the one just frozen) holds.
            const info = plan.restored ? await tx.insertVersion(plan.restored, actor && published(actor, artifact.id, plan.restored, { restoredFrom: n })) : (preserved || plan.latest.info);
            const outcome: RestoreOutcome = { ...info, unchanged: !plan.restored, preservedVersion: preserved ? preserved.version : null };
            if (receipt) await tx.insertReceipts([receipt(outcome)]);
            return outcome;
          });
        } catch (error) {
          if (!(error instanceof VersionTakenError) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    };
    // When the commit's outcome was hidden (connection lost in COMMIT) and it did land, the
    // newest version is the one it stored.
    const landed = async (): Promise<RestoreOutcome> => {
      const latest = await this.versions.latest(artifact.id);
      if (!latest) throw notFound('version');
      return { ...latest.info, unchanged: false, preservedVersion: null };
    };
    const outcome = await this.documents.replace(artifact, principal, content, commit, landed);
    this.documents.notify(artifact.id, { type: 'restored', version: n, actorName: principal.name, preservedVersion: outcome.preservedVersion });
    return outcome;
  }
}

interface RestorePlan {
  latest: LatestVersion;
  /** The live state to freeze first, or null when it already is the latest version (or does not change). */
  preserve: NewVersion | null;
  /** The restored state as a new version, or null when it equals the latest version. */
  restored: NewVersion | null;
}

function restorePlan(artifactId: string, change: Replacement, latest: LatestVersion | null, n: number, principal: Principal): RestorePlan {
  if (!latest) throw notFound('version'); // version n exists, so there is a latest one
  let next = latest.info.version + 1;
  const preserve = change.update && !sameContent(latest, change.before.json) ? freeze(artifactId, change.before, next++, principal, { message: `Before restoring version ${n}` }, 'before-restore') : null;
  const restoredAlready = preserve ? canonical(change.before.json) === canonical(change.after.json) : sameContent(latest, change.after.json);
  const restored = restoredAlready ? null : freeze(artifactId, change.after, next, principal, { message: `Restored version ${n}` }, 'restored');
  return { latest, preserve, restored };
}

/** Renders the frozen page of a snapshot as version `version` (413 past the size limit). */
function freeze(artifactId: string, live: LiveSnapshot, version: number, principal: Principal, input: PublishInput, kind: VersionKind = 'published'): NewVersion {
  const createdAt = new Date().toISOString();
  const html = withSpan(SPAN.render, { [ATTR.sections]: live.json.sections.length }, (span) => {
    const rendered = Buffer.from(renderFrozenHtml(live.json, { version, publishedAt: createdAt, gitCommit: input.gitCommit ?? null, repositoryUrl: input.repositoryUrl ?? null }), 'utf8');
    span.setAttribute(ATTR.htmlBytes, rendered.byteLength);
    return rendered;
  });
  if (html.byteLength > MAX_SNAPSHOT_BYTES) {
    throw new AppError(
      'snapshot_too_large',
      `the frozen page would be ${html.byteLength} bytes; a version holds at most ${MAX_SNAPSHOT_BYTES} bytes. Remove or shrink sections (large images, long logs) and publish again`,
      413,
      { sizeBytes: html.byteLength, limitBytes: MAX_SNAPSHOT_BYTES },
    );
  }
  return {
    artifactId,
    version,
    state: live.state,
    json: live.json,
    html,
    sha256: createHash('sha256').update(html).digest('hex'),
    authorId: principal.userId,
    message: input.message ?? null,
    gitCommit: input.gitCommit ?? null,
    repositoryUrl: input.repositoryUrl ?? null,
    createdAt,
    kind,
  };
}

function published(actor: AuditActor, artifactId: string, version: NewVersion, details: Record<string, unknown> = {}): AuditEventInput {
  return auditEvent(actor, 'published', { artifactId, details: { sizeBytes: version.html.byteLength, ...details } });
}

/** Whether the live JSON is what the latest version froze (compared canonically, RFC 8785). */
function sameContent(latest: LatestVersion, json: ArtifactJSON): boolean {
  return canonical(JSON.parse(latest.json) as ArtifactJSON) === canonical(json);
}

function canonical(json: ArtifactJSON): string {
  return canonicalJson(json);
}
