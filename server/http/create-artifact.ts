import type { Op } from '#shared';
import { auditEvent, type AuditActor } from '../audit/index.ts';
import type { DocumentHost } from '../collab/index.ts';
import { newArtifactId } from '../ids.ts';
import type { ArtifactRecord, ArtifactStore } from '../store/index.ts';
import type { Principal } from '../auth/index.ts';

export interface NewArtifact {
  title: string;
  kind: string;
  /** The first write (meta, a template's skeleton): part of creating it, so no separate 'edited' event. */
  ops: Op[];
  /** Extra fields of the 'created' event (never content: no title, no kind). */
  details?: Record<string, unknown>;
}

/**
 * Creates an artifact private to `principal` and applies its first write. The 'created' event
 * commits with the row; if the first write fails, the artifact is deleted again and the trail
 * says so (created, then deleted with `reason: create-failed`), so nobody ever meets a
 * half-made artifact.
 */
export async function createArtifactWith(
  deps: { store: ArtifactStore; documents: DocumentHost },
  principal: Principal,
  actor: AuditActor,
  input: NewArtifact,
): Promise<ArtifactRecord> {
  const id = newArtifactId();
  const artifact = await deps.store.createArtifact(
    { id, title: input.title, kind: input.kind, ownerId: principal.userId, orgId: principal.orgId },
    auditEvent(actor, 'created', { artifactId: id, ...(input.details ? { details: input.details } : {}) }),
  );
  try {
    await deps.documents.applyOps(artifact, principal, { ops: input.ops });
  } catch (error) {
    await discardArtifact(deps.store, actor, id, 'create-failed');
    throw error;
  }
  return artifact;
}

/** Deletes an artifact this request created and will not use, with the reason on the trail. */
export function discardArtifact(store: ArtifactStore, actor: AuditActor, id: string, reason: string): Promise<unknown> {
  return store.deleteArtifact(id, auditEvent(actor, 'deleted', { artifactId: id, details: { reason } }));
}
