import { DEFAULT_ORG_POLICY, validateOrgPolicy, type OrgPolicy } from '#policies';
import { unavailable } from '../errors.ts';
import type { AuditEventInput } from './audit-chain.ts';
import { appendAuditEvent } from './audit-events.ts';
import type { SqlClient } from './sql.ts';

/** One org's stored policy; `updatedAt`/`updatedBy` are null while the org uses the default. */
export interface StoredPolicy {
  orgId: string;
  policy: OrgPolicy;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Org policies as stored (table `org_policies`), uncached: governance caches them. */
export class OrgPolicyStore {
  constructor(private readonly db: SqlClient) {}

  /** The stored policy of `orgId`, or the default when none is stored. */
  read(orgId: string): Promise<StoredPolicy> {
    return readPolicy(this.db, orgId);
  }

  /**
   * Stores `policy` and the audit event `audit` builds from the policy it replaces, in one
   * transaction, serialized per org so `previous` is what this write replaced.
   */
  async replace(orgId: string, policy: OrgPolicy, updatedBy: string, audit: (previous: StoredPolicy) => AuditEventInput): Promise<{ previous: StoredPolicy; current: StoredPolicy }> {
    return this.db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`org-policy:${orgId}`]);
      const previous = await readPolicy(tx, orgId);
      const rows = await tx.query<{ updated_at: Date | string }>(
        `insert into org_policies (org_id, policy, updated_at, updated_by) values ($1, $2, now(), $3)
         on conflict (org_id) do update set policy = excluded.policy, updated_at = excluded.updated_at, updated_by = excluded.updated_by
         returning updated_at`,
        [orgId, JSON.stringify(policy), updatedBy],
      );
      await appendAuditEvent(tx, audit(previous));
      const current: StoredPolicy = { orgId, policy, updatedAt: new Date((rows[0] as { updated_at: Date | string }).updated_at).toISOString(), updatedBy };
      return { previous, current };
    });
  }
}

async function readPolicy(db: SqlClient, orgId: string): Promise<StoredPolicy> {
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
