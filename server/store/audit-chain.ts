import { createHash } from 'node:crypto';
import type { AuditAction, AuditEventRow } from '#shared/api';
import { canonicalJson } from '../canonical-json.ts';

export { AUDIT_ACTIONS, type AuditAction } from '#shared/api';

/** What a caller records; the chain adds sequence, time and the links. */
export interface AuditEventInput {
  orgId: string;
  /** From the token (`sub`), or `system` for the sweeper. */
  actorId: string;
  actorName?: string;
  action: AuditAction;
  artifactId?: string | null;
  version?: number | null;
  clientAddress?: string | null;
  /** Small metadata (e.g. `{visibility:"org"}`, `{ops: 3}`); never content. */
  details?: Record<string, unknown>;
}

/** A stored event, as the compliance API returns it. */
export type AuditEvent = AuditEventRow;

/** The `prev_hash` of an org's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hashed part of an event: everything but its own hash, as canonical JSON (RFC 8785), so
 * the same event always hashes the same whatever the key order or the driver's types.
 */
export function eventHash(prevHash: string, event: Omit<AuditEvent, 'hash' | 'prevHash'>): string {
  const body = canonicalJson({
    orgId: event.orgId,
    seq: event.seq,
    at: event.at,
    actorId: event.actorId,
    actorName: event.actorName,
    action: event.action,
    artifactId: event.artifactId,
    version: event.version,
    clientAddress: event.clientAddress,
    details: event.details,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/**
 * Links one org's new events onto its chain head: sequence numbers after `head.seq`, each
 * naming the previous hash, stamped by `now`. Pure: the caller stores the events and the new head.
 */
export function chainEvents(orgId: string, head: { seq: number; hash: string }, inputs: readonly AuditEventInput[], now: () => string): AuditEvent[] {
  let seq = head.seq;
  let prevHash = head.hash;
  return inputs.map((input) => {
    const event: Omit<AuditEvent, 'hash'> = {
      orgId,
      seq: ++seq,
      at: now(),
      actorId: input.actorId,
      actorName: input.actorName ?? '',
      action: input.action,
      artifactId: input.artifactId ?? null,
      version: input.version ?? null,
      clientAddress: input.clientAddress ?? null,
      // As jsonb will give it back (undefined fields dropped), so verify recomputes the same hash.
      details: JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>,
      prevHash,
    };
    const full = { ...event, hash: eventHash(prevHash, event) };
    prevHash = full.hash;
    return full;
  });
}
