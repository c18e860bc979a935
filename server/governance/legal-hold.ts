import { legalHoldRefuses, type ContentRemoval } from '#policies';
import { auditEvent, type AuditActor, type AuditWriter } from '../audit/index.ts';
import type { ArtifactRecord } from '../store/index.ts';
import { legalHold } from './errors.ts';

/**
 * Refuses `removal` of a held artifact's content (409 `legal_hold`) after recording the
 * refused attempt ('legal-hold-refused', the operation and who tried). The decision itself is
 * the pure `legalHoldRefuses` of policies/, which the retention sweeper uses too.
 */
export async function refuseIfHeld(artifact: Pick<ArtifactRecord, 'id' | 'legalHold'>, removal: ContentRemoval, actor: AuditActor, audit: AuditWriter): Promise<void> {
  if (!legalHoldRefuses(artifact, removal)) return;
  await audit.record(auditEvent(actor, 'legal-hold-refused', { artifactId: artifact.id, details: { operation: removal } }));
  throw legalHold();
}
