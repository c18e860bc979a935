import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';
import type { AuditAction, AuditEventRow } from '#shared/api';
import type { SqlClient } from '../store/sql.ts';
import { recordAuditEvents } from '../telemetry/index.ts';

/** Every kind of audited event, shared with the API's readers. */
export { AUDIT_ACTIONS, type AuditAction } from '#shared/api';

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

/** A stored event, as the compliance API returns it. */
export type AuditEvent = AuditEventRow;

/** The `prev_hash` of an org's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** Rows per INSERT statement (12 parameters each), well inside the bind-parameter limit. */
const INSERT_CHUNK = 200;

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
 * Appends one event to its org's chain inside the caller's transaction `tx`, so the event
 * commits or rolls back together with the change it records. The org's head row is locked
 * until that transaction ends: concurrent appends of one org queue, and the chain never forks.
 */
export async function appendAuditEvent(tx: SqlClient, input: AuditEventInput): Promise<AuditEvent> {
  const [event] = await appendAuditEvents(tx, [input]);
  return event as AuditEvent;
}

/**
 * Appends several events (of any orgs) in input order, inside `tx`: per org one head lock, one
 * multi-row insert and one head update, whatever the number of events. A group commit of many
 * op batches therefore costs three statements per org, not four per batch. Heads are locked in
 * org order, so two transactions touching the same orgs can never deadlock.
 */
export async function appendAuditEvents(tx: SqlClient, inputs: readonly AuditEventInput[]): Promise<AuditEvent[]> {
  const byOrg = new Map<string, number[]>();
  inputs.forEach((input, i) => {
    if (!input.orgId) throw new Error('an audit event needs an org: there is no chain to append it to');
    const list = byOrg.get(input.orgId) ?? [];
    list.push(i);
    byOrg.set(input.orgId, list);
  });
  const out: AuditEvent[] = new Array(inputs.length);
  for (const orgId of [...byOrg.keys()].sort()) {
    // The upsert takes the row lock (and creates the head of a new org's chain) in one statement.
    const heads = await tx.query<{ seq: string | number; hash: string }>(
      `insert into audit_heads (org_id, seq, hash) values ($1, 0, $2)
       on conflict (org_id) do update set org_id = excluded.org_id returning seq, hash`,
      [orgId, GENESIS_HASH],
    );
    const head = heads[0] as { seq: string | number; hash: string };
    let seq = Number(head.seq);
    let prevHash = head.hash;
    const events: AuditEvent[] = [];
    for (const index of byOrg.get(orgId) as number[]) {
      const input = inputs[index] as AuditEventInput;
      const event: Omit<AuditEvent, 'hash'> = {
        orgId,
        seq: ++seq,
        // Millisecond precision: what a timestamptz round-trips exactly.
        at: new Date().toISOString(),
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
      events.push(full);
      out[index] = full;
    }
    for (let start = 0; start < events.length; start += INSERT_CHUNK) {
      const chunk = events.slice(start, start + INSERT_CHUNK);
      const values = chunk.map((_, i) => `(${Array.from({ length: 12 }, (_, j) => `$${i * 12 + j + 1}`).join(', ')})`).join(', ');
      await tx.query(
        `insert into audit_events (org_id, seq, at, actor_id, actor_name, action, artifact_id, version, client_address, details, prev_hash, hash) values ${values}`,
        chunk.flatMap((e) => [e.orgId, e.seq, e.at, e.actorId, e.actorName, e.action, e.artifactId, e.version, e.clientAddress, JSON.stringify(e.details), e.prevHash, e.hash]),
      );
    }
    await tx.query('update audit_heads set seq = $2, hash = $3 where org_id = $1', [orgId, seq, prevHash]);
  }
  // Counted when appended: the caller's transaction rolling back afterwards (rare) takes them back.
  recordAuditEvents(inputs);
  return out;
}
