import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { SqlClient } from '../store/sql.ts';

/** Every kind of audited event (issue 5 / DESIGN §9). Metadata only, never document content. */
export type AuditAction =
  | 'created'
  | 'edited'
  | 'published'
  | 'shared'
  | 'unshared'
  | 'viewed'
  | 'restored'
  | 'deleted'
  | 'retention-deleted'
  | 'policy-changed'
  | 'exported'
  | 'login-denied';

/** What a caller records; the log adds sequence, time and the chain links. */
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

export interface AuditEvent {
  orgId: string;
  seq: number;
  at: string;
  actorId: string;
  actorName: string;
  action: AuditAction;
  artifactId: string | null;
  version: number | null;
  clientAddress: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** The `prev_hash` of an org's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hashed part of an event: everything but its own hash, as canonical JSON (RFC 8785), so
 * the same event always hashes the same whatever the key order or the driver's types.
 */
export function eventHash(prevHash: string, event: Omit<AuditEvent, 'hash' | 'prevHash'>): string {
  const body = canonicalize({
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
  return createHash('sha256').update(prevHash).update(body ?? '').digest('hex');
}

/**
 * Appends one event to its org's chain inside the caller's transaction `tx`, so the event
 * commits or rolls back together with the change it records. The org's head row is locked
 * until that transaction ends: concurrent appends of one org queue, and the chain never forks.
 */
export async function appendAuditEvent(tx: SqlClient, input: AuditEventInput): Promise<AuditEvent> {
  await tx.query(`insert into audit_heads (org_id, seq, hash) values ($1, 0, $2) on conflict (org_id) do nothing`, [input.orgId, GENESIS_HASH]);
  const heads = await tx.query<{ seq: string | number; hash: string }>('select seq, hash from audit_heads where org_id = $1 for update', [input.orgId]);
  const head = heads[0] as { seq: string | number; hash: string };
  const event: Omit<AuditEvent, 'hash'> = {
    orgId: input.orgId,
    seq: Number(head.seq) + 1,
    // Millisecond precision: what a timestamptz round-trips exactly.
    at: new Date().toISOString(),
    actorId: input.actorId,
    actorName: input.actorName ?? '',
    action: input.action,
    artifactId: input.artifactId ?? null,
    version: input.version ?? null,
    clientAddress: input.clientAddress ?? null,
    details: input.details ?? {},
    prevHash: head.hash,
  };
  const hash = eventHash(event.prevHash, event);
  await tx.query(
    `insert into audit_events (org_id, seq, at, actor_id, actor_name, action, artifact_id, version, client_address, details, prev_hash, hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [event.orgId, event.seq, event.at, event.actorId, event.actorName, event.action, event.artifactId, event.version, event.clientAddress, JSON.stringify(event.details), event.prevHash, hash],
  );
  await tx.query('update audit_heads set seq = $2, hash = $3 where org_id = $1', [input.orgId, event.seq, hash]);
  return { ...event, hash };
}
