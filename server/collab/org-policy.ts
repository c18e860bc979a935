import type { OrgPolicy } from '#policies';
import { unavailable } from '../errors.ts';

/**
 * Where sockets read their org's policy (server/governance's cached PolicyStore). Required
 * wherever access is decided: decide takes the policy, so without a reader there is no answer
 * (never a silent "feature on"). Sockets already open when the policy changes are closed by
 * server/governance.
 */
export interface PolicyReader {
  get(orgId: string): Promise<OrgPolicy>;
}

/** The org's policy, or `unavailable` when it cannot be read (the page retries rather than reading a refusal). */
export async function policyOf(policies: PolicyReader, orgId: string): Promise<OrgPolicy> {
  try {
    return await policies.get(orgId);
  } catch (error) {
    throw unavailable("the org's policy could not be read; try again", error);
  }
}
