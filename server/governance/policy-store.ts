import { DEFAULT_ORG_POLICY, validateOrgPolicy, type OrgPolicy, type Principal } from '#policies';
import { appendAuditEvent } from '../audit/audit-log.ts';
import { unavailable } from '../errors.ts';
import type { SqlClient } from '../store/index.ts';

/**
 * How long a policy read from the database is trusted. Writes on this instance invalidate it at
 * once; another instance (several servers on one PostgreSQL) sees a change within this time.
 */
export const POLICY_CACHE_TTL_MS = 5_000;

/** One org's stored policy; `updatedAt`/`updatedBy` are null while the org uses the default. */
export interface StoredPolicy {
  orgId: string;
  policy: OrgPolicy;
  updatedAt: string | null;
  updatedBy: string | null;
}

/**
 * Org policies (table `org_policies`), cached per process. Every request and socket asks for
 * its org's policy, so reads come from memory; a write replaces the entry.
 */
export class PolicyStore {
  private readonly cache = new Map<string, { value: Promise<StoredPolicy>; atMs: number }>();

  constructor(
    private readonly db: SqlClient,
    private readonly options: { ttlMs?: number; nowMs?: () => number } = {},
  ) {}

  /** The policy in force for `orgId` (the default when none is stored). */
  async get(orgId: string): Promise<OrgPolicy> {
    return (await this.stored(orgId)).policy;
  }

  async stored(orgId: string): Promise<StoredPolicy> {
    const nowMs = this.options.nowMs?.() ?? Date.now();
    const hit = this.cache.get(orgId);
    if (hit && nowMs - hit.atMs < (this.options.ttlMs ?? POLICY_CACHE_TTL_MS)) return hit.value;
    const value = this.read(this.db, orgId);
    this.cache.set(orgId, { value, atMs: nowMs });
    // A failed read is not kept: the next caller asks the database again.
    value.catch(() => {
      if (this.cache.get(orgId)?.value === value) this.cache.delete(orgId);
    });
    return value;
  }

  /**
   * Stores a validated policy and its `policy-changed` audit event in one transaction, then
   * replaces the cached entry. Returns the stored policy and the one it replaced.
   */
  async put(orgId: string, policy: OrgPolicy, actor: Principal, clientAddress: string | null): Promise<{ previous: StoredPolicy; current: StoredPolicy }> {
    const result = await this.db.transaction(async (tx) => {
      // Serializes concurrent writers of one org, so `previous` is what this write replaced.
      await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`org-policy:${orgId}`]);
      const previous = await this.read(tx, orgId);
      const rows = await tx.query<{ updated_at: Date | string }>(
        `insert into org_policies (org_id, policy, updated_at, updated_by) values ($1, $2, now(), $3)
         on conflict (org_id) do update set policy = excluded.policy, updated_at = excluded.updated_at, updated_by = excluded.updated_by
         returning updated_at`,
        [orgId, JSON.stringify(policy), actor.userId],
      );
      await appendAuditEvent(tx, {
        orgId,
        actorId: actor.userId,
        actorName: actor.name,
        action: 'policy-changed',
        clientAddress,
        details: { previous: previous.policy, policy, changed: changedFields(previous.policy, policy) },
      });
      const current: StoredPolicy = { orgId, policy, updatedAt: new Date((rows[0] as { updated_at: Date | string }).updated_at).toISOString(), updatedBy: actor.userId };
      return { previous, current };
    });
    this.cache.set(orgId, { value: Promise.resolve(result.current), atMs: this.options.nowMs?.() ?? Date.now() });
    return result;
  }

  /** Forgets cached policies (tests; or after a change made behind the server's back). */
  invalidate(orgId?: string): void {
    if (orgId === undefined) this.cache.clear();
    else this.cache.delete(orgId);
  }

  private async read(db: SqlClient, orgId: string): Promise<StoredPolicy> {
    const rows = await db.query<{ policy: unknown; updated_at: Date | string; updated_by: string }>(
      'select policy, updated_at, updated_by from org_policies where org_id = $1',
      [orgId],
    );
    const row = rows[0];
    if (!row) return { orgId, policy: DEFAULT_ORG_POLICY, updatedAt: null, updatedBy: null };
    const stored = typeof row.policy === 'string' ? (JSON.parse(row.policy) as unknown) : row.policy;
    // Fields added after a policy was stored take their default.
    const checked = validateOrgPolicy({ ...DEFAULT_ORG_POLICY, ...(stored as object) });
    if (!checked.ok) throw unavailable(`the stored policy of org ${orgId} is not valid; fix it with PUT /api/admin/policy`, checked.errors);
    return { orgId, policy: checked.policy, updatedAt: new Date(row.updated_at).toISOString(), updatedBy: row.updated_by };
  }
}

/** Dotted names of the fields that differ, for the audit event. */
function changedFields(before: OrgPolicy, after: OrgPolicy): string[] {
  const changed: string[] = [];
  if (before.enabled !== after.enabled) changed.push('enabled');
  if (before.orgWideSharing !== after.orgWideSharing) changed.push('orgWideSharing');
  if (before.retentionDays.private !== after.retentionDays.private) changed.push('retentionDays.private');
  if (before.retentionDays.shared !== after.retentionDays.shared) changed.push('retentionDays.shared');
  if (before.keepVersions !== after.keepVersions) changed.push('keepVersions');
  return changed;
}
