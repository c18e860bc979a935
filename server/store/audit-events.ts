import { recordAuditEvents } from '../telemetry/index.ts';
import { chainEvents, GENESIS_HASH, type AuditEvent, type AuditEventInput } from './audit-chain.ts';
import { GroupCommit } from './group-commit.ts';
import type { SqlClient } from './sql.ts';

/** Rows per INSERT statement (12 parameters each), well inside the bind-parameter limit. */
const INSERT_CHUNK = 200;

/** Millisecond precision: what a timestamptz round-trips exactly. */
const stamp = () => new Date().toISOString();

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
    const indexes = byOrg.get(orgId) as number[];
    const events = chainEvents(orgId, { seq: Number(head.seq), hash: head.hash }, indexes.map((i) => inputs[i] as AuditEventInput), stamp);
    events.forEach((event, i) => (out[indexes[i] as number] = event));
    for (let start = 0; start < events.length; start += INSERT_CHUNK) {
      const chunk = events.slice(start, start + INSERT_CHUNK);
      const values = chunk.map((_, i) => `(${Array.from({ length: 12 }, (_, j) => `$${i * 12 + j + 1}`).join(', ')})`).join(', ');
      await tx.query(
        `insert into audit_events (org_id, seq, at, actor_id, actor_name, action, artifact_id, version, client_address, details, prev_hash, hash) values ${values}`,
        chunk.flatMap((e) => [e.orgId, e.seq, e.at, e.actorId, e.actorName, e.action, e.artifactId, e.version, e.clientAddress, JSON.stringify(e.details), e.prevHash, e.hash]),
      );
    }
    const last = events[events.length - 1] as AuditEvent;
    await tx.query('update audit_heads set seq = $2, hash = $3 where org_id = $1', [orgId, last.seq, last.hash]);
  }
  // Counted when appended: the caller's transaction rolling back afterwards (rare) takes them back.
  recordAuditEvents(inputs);
  return out;
}

/**
 * Events that stand alone (viewed, exported, login-denied): there is no change to share a
 * transaction with, so they are group-committed among themselves, like the update log. Many
 * viewers opening a page at once cost one transaction. `append` resolves once the event is
 * committed. Events that record a change never come here: they ride in the change's own
 * transaction.
 */
export class AuditEventLog {
  private readonly group: GroupCommit<AuditEventInput, AuditEvent>;

  constructor(db: SqlClient) {
    this.group = new GroupCommit(async (inputs) => (await db.transaction((tx) => appendAuditEvents(tx, inputs))).map((value) => ({ value })));
  }

  append(input: AuditEventInput): Promise<AuditEvent> {
    return this.group.add(input);
  }

  /** Resolves once everything appended so far is committed (or failed). */
  flush(): Promise<void> {
    return this.group.flush();
  }
}
