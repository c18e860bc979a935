import type { Webhook, WebhookBodyType, WebhookDelivery, WebhookEventType } from '#shared/api';
import type { AuditEventInput } from './audit-chain.ts';
import { appendAuditEvent } from './audit-events.ts';
import type { SqlClient } from './sql.ts';

/** Where a hook belongs: the org (artifactId null) or one artifact of it. */
export interface HookScope {
  orgId: string;
  artifactId: string | null;
}

export interface NewHook extends HookScope {
  id: string;
  url: string;
  events: readonly WebhookEventType[];
  secret: string;
  createdBy: string;
}

/** A hook an event goes to, with what its body needs. */
export interface MatchedHook {
  id: string;
  orgId: string;
  artifactId: string | null;
}

export interface NewDelivery {
  id: string;
  hookId: string;
  /** What the event is about; null only for a test event of an org hook. */
  artifactId: string | null;
  event: WebhookBodyType;
  body: string;
  nextAttemptAt: Date;
}

/** A delivery claimed by this instance, with its hook's URL and secret as they are now. */
export interface ClaimedDelivery {
  id: string;
  hookId: string;
  event: WebhookBodyType;
  body: string;
  /** This attempt's number (1 = first). */
  attempt: number;
  url: string;
  secret: string;
}

export interface AttemptRecord {
  at: Date;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** What the delivery becomes: retried at `nextAttemptAt`, or finished. */
  outcome: { status: 'pending'; nextAttemptAt: Date } | { status: 'delivered' | 'failed' };
}

type HookRow = { id: string; artifact_id: string | null; url: string; events: string[] | string; created_by: string; created_at: Date | string; secret_rotated_at: Date | string | null };

/** Finished deliveries kept per hook for its log; older ones are dropped as new ones finish. */
const KEPT_DELIVERIES_PER_HOOK = 100;

/**
 * Webhooks, their org settings, and the delivery queue (tables `webhooks`, `webhook_settings`,
 * `webhook_deliveries`, `webhook_attempts`). Every read of a hook is scoped by org and
 * artifact, so a hook id of another org or artifact is simply not found.
 */
export class WebhookStore {
  constructor(private readonly db: SqlClient) {}

  async list(scope: HookScope): Promise<Webhook[]> {
    const rows = await this.db.query<HookRow>(`select * from webhooks where org_id = $1 and artifact_id is not distinct from $2 order by created_at, id`, [scope.orgId, scope.artifactId]);
    return rows.map(hookOf);
  }

  async get(scope: HookScope, id: string): Promise<Webhook | null> {
    const rows = await this.db.query<HookRow>(`select * from webhooks where org_id = $1 and artifact_id is not distinct from $2 and id = $3`, [scope.orgId, scope.artifactId, id]);
    return rows[0] ? hookOf(rows[0]) : null;
  }

  /**
   * Stores a hook and its audit event in one transaction, unless the scope already has `max`
   * hooks (then null). Creations in one org are serialized so two cannot both take the last place.
   */
  async create(hook: NewHook, max: number, audit: AuditEventInput): Promise<Webhook | null> {
    return this.db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`webhooks:${hook.orgId}`]);
      const count = await tx.query<{ n: number | string }>('select count(*) as n from webhooks where org_id = $1 and artifact_id is not distinct from $2', [hook.orgId, hook.artifactId]);
      if (Number(count[0]?.n ?? 0) >= max) return null;
      const rows = await tx.query<HookRow>(
        `insert into webhooks (id, org_id, artifact_id, url, events, secret, created_by) values ($1, $2, $3, $4, $5, $6, $7) returning *`,
        [hook.id, hook.orgId, hook.artifactId, hook.url, [...hook.events], hook.secret, hook.createdBy],
      );
      await appendAuditEvent(tx, audit);
      return hookOf(rows[0] as HookRow);
    });
  }

  async update(scope: HookScope, id: string, change: { url: string; events: readonly WebhookEventType[] }, audit: AuditEventInput): Promise<Webhook | null> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<HookRow>(
        `update webhooks set url = $4, events = $5 where org_id = $1 and artifact_id is not distinct from $2 and id = $3 returning *`,
        [scope.orgId, scope.artifactId, id, change.url, [...change.events]],
      );
      if (!rows[0]) return null;
      await appendAuditEvent(tx, audit);
      return hookOf(rows[0]);
    });
  }

  /** Deletes a hook with its deliveries (cascade) and audit event; false when there was none. */
  async delete(scope: HookScope, id: string, audit: AuditEventInput): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query('delete from webhooks where org_id = $1 and artifact_id is not distinct from $2 and id = $3 returning id', [scope.orgId, scope.artifactId, id]);
      if (!rows.length) return false;
      await appendAuditEvent(tx, audit);
      return true;
    });
  }

  async rotateSecret(scope: HookScope, id: string, secret: string, audit: AuditEventInput): Promise<Webhook | null> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<HookRow>(
        'update webhooks set secret = $4, secret_rotated_at = now() where org_id = $1 and artifact_id is not distinct from $2 and id = $3 returning *',
        [scope.orgId, scope.artifactId, id, secret],
      );
      if (!rows[0]) return null;
      await appendAuditEvent(tx, audit);
      return hookOf(rows[0]);
    });
  }

  async includeContent(orgId: string): Promise<boolean> {
    const rows = await this.db.query<{ include_content: boolean }>('select include_content from webhook_settings where org_id = $1', [orgId]);
    return rows[0]?.include_content ?? false;
  }

  async setIncludeContent(orgId: string, includeContent: boolean, updatedBy: string, audit: AuditEventInput): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `insert into webhook_settings (org_id, include_content, updated_by) values ($1, $2, $3)
         on conflict (org_id) do update set include_content = excluded.include_content, updated_at = now(), updated_by = excluded.updated_by`,
        [orgId, includeContent, updatedBy],
      );
      await appendAuditEvent(tx, audit);
    });
  }

  /** The org's hooks and the artifact's own that subscribe to `event`. */
  async matching(orgId: string, artifactId: string, event: WebhookEventType): Promise<MatchedHook[]> {
    const rows = await this.db.query<{ id: string; org_id: string; artifact_id: string | null }>(
      `select id, org_id, artifact_id from webhooks where org_id = $1 and (artifact_id is null or artifact_id = $2) and $3 = any(events) order by id`,
      [orgId, artifactId, event],
    );
    return rows.map((r) => ({ id: r.id, orgId: r.org_id, artifactId: r.artifact_id }));
  }

  async enqueue(deliveries: readonly NewDelivery[]): Promise<void> {
    if (!deliveries.length) return;
    await this.db.transaction(async (tx) => {
      for (const d of deliveries) {
        await tx.query('insert into webhook_deliveries (id, hook_id, artifact_id, event, body, next_attempt_at) values ($1, $2, $3, $4, $5, $6)', [d.id, d.hookId, d.artifactId, d.event, d.body, d.nextAttemptAt]);
      }
    });
  }

  /**
   * Claims up to `limit` deliveries due at `now` for `leaseMs`: pending ones whose time has
   * come, and ones another instance claimed and never finished (it crashed) once their lease
   * ran out. `for update skip locked` lets instances claim side by side without taking the
   * same row; the claim counts as an attempt, so a delivery that crashes its instance ends too.
   */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const rows = await this.db.query<{ id: string; hook_id: string; event: WebhookBodyType; body: string; attempts: number; url: string; secret: string }>(
      `with due as (
         select id from webhook_deliveries
         where (status = 'pending' and next_attempt_at <= $1) or (status = 'delivering' and claimed_until <= $1)
         order by next_attempt_at limit $2 for update skip locked
       )
       update webhook_deliveries d set status = 'delivering', attempts = d.attempts + 1, claimed_until = $3
       from due, webhooks h where d.id = due.id and h.id = d.hook_id
       returning d.id, d.hook_id, d.event, d.body, d.attempts, h.url, h.secret`,
      [now, limit, new Date(now.getTime() + leaseMs)],
    );
    return rows.map((r) => ({ id: r.id, hookId: r.hook_id, event: r.event, body: r.body, attempt: Number(r.attempts), url: r.url, secret: r.secret }));
  }

  /** Records one attempt and what the delivery becomes, in one transaction. */
  async recordAttempt(delivery: ClaimedDelivery, record: AttemptRecord): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        'insert into webhook_attempts (delivery_id, attempt, at, status_code, duration_ms, error) values ($1, $2, $3, $4, $5, $6) on conflict do nothing',
        [delivery.id, delivery.attempt, record.at, record.statusCode, Math.round(record.durationMs), record.error],
      );
      const next = record.outcome.status === 'pending' ? record.outcome.nextAttemptAt : null;
      await tx.query('update webhook_deliveries set status = $2, next_attempt_at = $3, claimed_until = null where id = $1', [delivery.id, record.outcome.status, next]);
      if (record.outcome.status !== 'pending') {
        await tx.query(
          `delete from webhook_deliveries where hook_id = $1 and status in ('delivered', 'failed') and id not in (
             select id from webhook_deliveries where hook_id = $1 and status in ('delivered', 'failed') order by created_at desc, id desc limit $2)`,
          [delivery.hookId, KEPT_DELIVERIES_PER_HOOK],
        );
      }
    });
  }

  /** The newest deliveries of a hook, each with its attempts. */
  async deliveries(hookId: string, limit: number): Promise<WebhookDelivery[]> {
    const rows = await this.db.query<{ id: string; hook_id: string; event: WebhookDelivery['event']; status: WebhookDelivery['status']; next_attempt_at: Date | string | null; created_at: Date | string }>(
      'select id, hook_id, event, status, next_attempt_at, created_at from webhook_deliveries where hook_id = $1 order by created_at desc, id desc limit $2',
      [hookId, limit],
    );
    if (!rows.length) return [];
    const attempts = await this.db.query<{ delivery_id: string; attempt: number; at: Date | string; status_code: number | null; duration_ms: number; error: string | null }>(
      'select * from webhook_attempts where delivery_id = any($1) order by attempt',
      [rows.map((r) => r.id)],
    );
    return rows.map((r) => ({
      id: r.id,
      hookId: r.hook_id,
      event: r.event,
      status: r.status,
      nextAttemptAt: r.status === 'pending' && r.next_attempt_at ? iso(r.next_attempt_at) : null,
      createdAt: iso(r.created_at),
      attempts: attempts
        .filter((a) => a.delivery_id === r.id)
        .map((a) => ({ attempt: Number(a.attempt), at: iso(a.at), statusCode: a.status_code === null ? null : Number(a.status_code), durationMs: Number(a.duration_ms), error: a.error })),
    }));
  }
}

function hookOf(row: HookRow): Webhook {
  return {
    id: row.id,
    artifactId: row.artifact_id,
    url: row.url,
    events: parseTextArray(row.events) as Webhook['events'],
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    secretRotatedAt: row.secret_rotated_at === null ? null : iso(row.secret_rotated_at),
  };
}

/** `pg` parses text[] into an array; be tolerant of the literal form (`{a,b}`) too. */
function parseTextArray(value: string[] | string): string[] {
  return Array.isArray(value) ? value : value.replace(/^\{|\}$/g, '').split(',').filter(Boolean);
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}
