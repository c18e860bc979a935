import type { OrgPolicy } from '#policies';
import type { Principal, Session } from '../auth/index.ts';
import type { ClientOrigin } from '../client-address.ts';

/**
 * An API request the MCP endpoint dispatches in process for a tool call (server/mcp), its
 * caller already verified from the MCP token. It travels in hono's env bindings, which only
 * code in this process can set: requests from the network arrive through @hono/node-server,
 * whose env is `{ incoming, outgoing }`, so no header or body can forge one.
 */
export interface McpDispatch {
  session: Session;
  /** The MCP request's TCP peer, for the audit trail. */
  clientAddress: string | null;
}

/** Variables the middleware puts on every authenticated request. */
export interface AppEnv {
  Bindings: { mcp?: McpDispatch };
  /**
   * `policy`: the caller's org policy (cached; see server/governance), set for every /api route.
   * `client`: who sent the request (server/client-address.ts), set for every route.
   */
  Variables: { principal: Principal; policy: OrgPolicy; client: ClientOrigin };
}
