import type { OrgPolicy, Principal } from '#policies';
import type { OrgPolicyStore, StoredPolicy } from '../store/index.ts';

export type { StoredPolicy };

/**
 * How long a policy read from the database is trusted. Writes on this instance invalidate it at
 * once; another instance (several servers on one PostgreSQL) sees a change within this time.
 */
export const POLICY_CACHE_TTL_MS = 5_000;

/**
 * Org policies, cached per process over the floor's `OrgPolicyStore`. Every request and socket
 * asks for its org's policy, so reads come from memory; a write replaces the entry.
 */
export class PolicyStore {
  private readonly cache = new Map<string, { value: Promise<StoredPolicy>; atMs: number }>();

  constructor(
    private readonly rows: OrgPolicyStore,
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
    const value = this.rows.read(orgId);
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
    const result = await this.rows.replace(orgId, policy, actor.userId, (previous) => ({
      orgId,
      actorId: actor.userId,
      actorName: actor.name,
      action: 'policy-changed',
      clientAddress,
      details: { previous: previous.policy, policy, changed: changedFields(previous.policy, policy) },
    }));
    this.cache.set(orgId, { value: Promise.resolve(result.current), atMs: this.options.nowMs?.() ?? Date.now() });
    return result;
  }

  /** Forgets cached policies (tests; or after a change made behind the server's back). */
  invalidate(orgId?: string): void {
    if (orgId === undefined) this.cache.clear();
    else this.cache.delete(orgId);
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
  if (before.comments !== after.comments) changed.push('comments');
  return changed;
}
