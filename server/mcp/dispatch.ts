import { errorBodySchema } from '#shared/api';
import { ApiCallError, type ApiRequester } from '#shared/mcp';
import type { McpDispatch } from '../http/context.ts';

/** The app's own fetch: the HTTP API, called in process with hono's env bindings. */
export type AppFetch = (request: Request, env: { mcp: McpDispatch }) => Response | Promise<Response>;

/**
 * A requester for the MCP tools that calls the HTTP API in this process, as `dispatch.session`.
 * The request goes through the same routes and middleware as one from the network (validation,
 * `decide`, idempotency, audit, store-before-ack); only the token check is already done, by the
 * MCP endpoint against its own audience.
 */
export function inProcessRequester(fetchApp: AppFetch, appOrigin: string, dispatch: McpDispatch): ApiRequester {
  return async ({ method, path, body, idempotencyKey }) => {
    const headers = new Headers({ accept: 'application/json' });
    if (body !== undefined) headers.set('content-type', 'application/json');
    if (idempotencyKey !== undefined) headers.set('idempotency-key', idempotencyKey);
    const request = new Request(new URL(path, appOrigin), { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const response = await fetchApp(request, { mcp: dispatch });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (response.ok) return json;
    const parsed = errorBodySchema.safeParse(json);
    if (!parsed.success) throw new ApiCallError(response.status, 'internal', `the API answered HTTP ${response.status}`);
    const { code, message, ...details } = parsed.data.error;
    throw new ApiCallError(response.status, code, message, details);
  };
}
