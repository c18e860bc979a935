import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { auditActor, auditEvent, REPEAT_WINDOW_MS, type AuditActor, type AuditWriter } from '../audit/index.ts';
import { publicRequestUrl, resolveClient, type ClientOrigin } from '../client-address.ts';
import { unavailable } from '../errors.ts';
import type { AppEnv } from './context.ts';

/**
 * The client of a request served by @hono/node-server: the TCP peer, or behind a proxy listed
 * in TRUSTED_PROXIES what it forwarded (server/client-address.ts). Resolved once per request
 * by the middleware `clientOrigin` below.
 */
function resolveOf(c: Context, trustedProxies: readonly string[]): ClientOrigin {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined; // not served by @hono/node-server (e.g. app.request in a unit test)
  }
  const incoming = (c.env as { incoming?: { headers?: Record<string, string | string[] | undefined> } } | undefined)?.incoming;
  return resolveClient(peer, incoming?.headers ?? {}, trustedProxies);
}

/** Middleware: puts the request's client (address, forwarded scheme and host) on the context. */
export function clientOrigin(trustedProxies: readonly string[]) {
  return async (c: Context<AppEnv>, next: () => Promise<void>) => {
    c.set('client', resolveOf(c, trustedProxies));
    await next();
  };
}

/** The request's client address (see {@link clientOrigin}); an MCP tool call's is the MCP request's. */
export function clientAddressOf(c: Context): string | null {
  const dispatched = (c.env as AppEnv['Bindings'] | undefined)?.mcp;
  if (dispatched) return dispatched.clientAddress;
  const client = (c as Context<AppEnv>).get('client') as ClientOrigin | undefined;
  return (client ?? resolveOf(c, [])).address;
}

/** `path` on the origin the client used (the scheme and host a trusted proxy reported), for links in answers. */
export function publicUrl(c: Context, path: string): string {
  const client = (c as Context<AppEnv>).get('client') as ClientOrigin | undefined;
  return new URL(path, client ? publicRequestUrl(c.req.url, client) : c.req.url).href;
}

/** The caller of an authenticated request, as audit events name them. */
export function actorOf(c: Context<AppEnv>): AuditActor {
  return auditActor(c.get('principal'), clientAddressOf(c));
}

/**
 * Records that the caller is about to read an artifact's content (live JSON, a version, a
 * link to one), and resolves once that is committed: content is not served unless its viewing
 * is on record. Views are group-committed, so this costs a share of one transaction, and the
 * same view again within a minute is already on record (not written twice).
 */
export async function recordView(
  c: Context<AppEnv>,
  audit: AuditWriter,
  artifactId: string,
  fields: { version?: number | null; details?: Record<string, unknown> } = {},
): Promise<void> {
  try {
    await audit.recordOnce(auditEvent(actorOf(c), 'viewed', { artifactId, ...fields }), REPEAT_WINDOW_MS);
  } catch (error) {
    throw unavailable('the view could not be recorded in the audit trail; nothing was served, retry', error);
  }
}
