import type { OrgPolicy } from '#policies';
import type { Principal } from '../auth/index.ts';

/** Variables the middleware puts on every authenticated request. */
export interface AppEnv {
  /** `policy`: the caller's org policy (cached; see server/governance), set for every /api route. */
  Variables: { principal: Principal; policy: OrgPolicy };
}
