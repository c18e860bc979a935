import type { OrgPolicy } from '#policies';
import { featureDisabled } from '../governance/errors.ts';

/** Where sockets read their org's policy (server/governance's cached PolicyStore). */
export interface PolicyReader {
  get(orgId: string): Promise<OrgPolicy>;
}

/**
 * The org policy on sockets: with the feature switched off, no document of the org is opened
 * (refused with `feature_disabled`). The auth extension calls it once the caller is known to
 * be allowed to read the artifact, so existence never leaks, and before the view is recorded;
 * sockets already open when the policy changes are closed by server/governance.
 */
export async function assertFeatureEnabled(policies: PolicyReader | undefined, orgId: string): Promise<void> {
  if (policies && !(await policies.get(orgId)).enabled) throw featureDisabled();
}
