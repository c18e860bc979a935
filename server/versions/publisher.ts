import { createHash } from 'node:crypto';
import { auditEvent, type AuditActor } from '../audit/actor.ts';
import type { Principal } from '../auth/index.ts';
import type { DocumentHost } from '../collab/index.ts';
import { AppError, notFound } from '../errors.ts';
import { VersionTakenError, type ArtifactRecord, type VersionInfo, type VersionStore } from '../store/index.ts';
import { MAX_SNAPSHOT_BYTES, renderFrozenHtml } from './frozen-html.ts';

/** Attempts when concurrent publishes of one artifact race for the same number. */
const MAX_ATTEMPTS = 5;

export interface PublishInput {
  message?: string | null;
  gitCommit?: string | null;
}

/** Publish freezes the live document into version n; restore brings version n back to life. */
export class Publisher {
  constructor(
    private readonly documents: DocumentHost,
    private readonly versions: VersionStore,
  ) {}

  /** With `actor`, the version row and its 'published' event commit together. */
  async publish(artifact: ArtifactRecord, principal: Principal, input: PublishInput = {}, actor?: AuditActor, details: Record<string, unknown> = {}): Promise<VersionInfo> {
    const { state, json } = await this.documents.snapshot(artifact, principal);
    for (let attempt = 1; ; attempt++) {
      const version = await this.versions.nextVersion(artifact.id);
      const createdAt = new Date().toISOString();
      const html = Buffer.from(renderFrozenHtml(json, { version, publishedAt: createdAt }), 'utf8');
      if (html.byteLength > MAX_SNAPSHOT_BYTES) {
        throw new AppError(
          'snapshot_too_large',
          `the frozen page would be ${html.byteLength} bytes; a version holds at most ${MAX_SNAPSHOT_BYTES} bytes. Remove or shrink sections (large images, long logs) and publish again`,
          413,
          { sizeBytes: html.byteLength, limitBytes: MAX_SNAPSHOT_BYTES },
        );
      }
      const sha256 = createHash('sha256').update(html).digest('hex');
      try {
        return await this.versions.insert({
          artifactId: artifact.id,
          version,
          state,
          json,
          html,
          sha256,
          authorId: principal.userId,
          message: input.message ?? null,
          gitCommit: input.gitCommit ?? null,
          createdAt,
        }, actor && auditEvent(actor, 'published', { artifactId: artifact.id, details: { sizeBytes: html.byteLength, ...details } }));
      } catch (error) {
        if (!(error instanceof VersionTakenError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Makes the live document equal to version `n` through a forward change (connected viewers
   * see it happen) and records the result as a new version.
   */
  async restore(artifact: ArtifactRecord, principal: Principal, n: number, actor?: AuditActor): Promise<VersionInfo> {
    const content = await this.versions.json(artifact.id, n);
    if (!content) throw notFound('version');
    // Two changes, two events: the live document's forward change ('restored', version = the one
    // brought back) commits with its update; the new version's 'published' with its row.
    await this.documents.replace(artifact, principal, content, actor && auditEvent(actor, 'restored', { artifactId: artifact.id, version: n }));
    return this.publish(artifact, principal, { message: `Restored version ${n}` }, actor, { restoredFrom: n });
  }
}
