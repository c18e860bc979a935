import type { ChainVerification } from '#shared/api';
import { eventHash, GENESIS_HASH, type AuditAction, type AuditEvent } from './audit-chain.ts';
import type { SqlClient } from './sql.ts';

export interface EventFilter {
  actions?: readonly AuditAction[];
  actorId?: string;
  artifactId?: string;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  /** Events after (asc) or before (desc) this seq. */
  afterSeq?: number;
  order: 'asc' | 'desc';
  limit: number;
}

export type VerifyResult = ChainVerification;

/** Rows read per query while verifying, so a long chain never sits in memory at once. */
const VERIFY_PAGE = 2_000;

interface EventRow {
  org_id: string;
  seq: string | number;
  at: Date | string;
  actor_id: string;
  actor_name: string;
  action: AuditAction;
  artifact_id: string | null;
  version: number | null;
  client_address: string | null;
  details: Record<string, unknown> | string;
  prev_hash: string;
  hash: string;
}

/** Reads one org's audit chain: filtered pages for the compliance API, and verification. */
export class AuditReader {
  constructor(private readonly db: SqlClient) {}

  async events(orgId: string, filter: EventFilter): Promise<AuditEvent[]> {
    const params: unknown[] = [orgId];
    const where = ['org_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.actions?.length) add((p) => `action = any(${p}::text[])`, filter.actions);
    if (filter.actorId) add((p) => `actor_id = ${p}`, filter.actorId);
    if (filter.artifactId) add((p) => `artifact_id = ${p}`, filter.artifactId);
    if (filter.from) add((p) => `at >= ${p}::timestamptz`, filter.from);
    if (filter.to) add((p) => `at < ${p}::timestamptz`, filter.to);
    if (filter.afterSeq !== undefined) add((p) => `seq ${filter.order === 'asc' ? '>' : '<'} ${p}`, filter.afterSeq);
    params.push(filter.limit);
    const rows = await this.db.query<EventRow>(
      `select * from audit_events where ${where.join(' and ')} order by seq ${filter.order} limit $${params.length}`,
      params,
    );
    return rows.map(toEvent);
  }

  /**
   * Walks the org's chain from its first event: sequence numbers must run 1, 2, 3… without a
   * gap, each event must name the previous one's hash, and each hash must be what the event's
   * content hashes to. The head row must point at the last event, so removing the newest events
   * is caught too. Reports the first broken link.
   */
  async verify(orgId: string): Promise<VerifyResult> {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (;;) {
      const rows = await this.db.query<EventRow>('select * from audit_events where org_id = $1 and seq >= $2 order by seq limit $3', [orgId, expectedSeq, VERIFY_PAGE]);
      for (const row of rows) {
        const event = toEvent(row);
        const brokenAt = { seq: event.seq, at: event.at, action: event.action };
        const events = expectedSeq - 1;
        if (event.seq !== expectedSeq) return { intact: false, events, reason: 'seq_gap', brokenAt: { seq: expectedSeq, at: null, action: null } };
        if (event.prevHash !== prevHash) return { intact: false, events, reason: 'prev_hash_mismatch', brokenAt };
        if (eventHash(event.prevHash, event) !== event.hash) return { intact: false, events, reason: 'hash_mismatch', brokenAt };
        prevHash = event.hash;
        expectedSeq++;
      }
      if (rows.length < VERIFY_PAGE) break;
    }
    const events = expectedSeq - 1;
    const heads = await this.db.query<{ seq: string | number; hash: string }>('select seq, hash from audit_heads where org_id = $1', [orgId]);
    const head = heads[0];
    const headSeq = head ? Number(head.seq) : 0;
    if (headSeq !== events || (head && head.hash !== prevHash)) {
      // Events after the last one found were removed (or the head was altered).
      return { intact: false, events, reason: 'head_mismatch', brokenAt: { seq: events + 1, at: null, action: null } };
    }
    return { intact: true, events };
  }
}

function toEvent(row: EventRow): AuditEvent {
  return {
    orgId: row.org_id,
    seq: Number(row.seq),
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    artifactId: row.artifact_id,
    version: row.version === null ? null : Number(row.version),
    clientAddress: row.client_address,
    details: typeof row.details === 'string' ? (JSON.parse(row.details) as Record<string, unknown>) : row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
