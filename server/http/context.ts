import type { Principal } from '../auth/index.ts';

/** Variables the middleware puts on every authenticated request. */
export interface AppEnv {
  Variables: { principal: Principal };
}
