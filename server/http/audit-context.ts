import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { auditActor, auditEvent, normalizeAddress, REPEAT_WINDOW_MS, type AuditActor, type AuditWriter } from '../audit/index.ts';
import { unavailable } from '../errors.ts';
import type { AppEnv } from './context.ts';

/**
 * The request's TCP peer. `X-Forwarded-For` is not read: without an explicit setting that says
 * which proxy to trust, any client could put any address into the audit trail.
 */
export function clientAddressOf(c: Context): string | null {
  const dispatched = (c.env as AppEnv['Bindings'] | undefined)?.mcp;
  if (dispatched) return dispatched.clientAddress;
  try {
    return normalizeAddress(getConnInfo(c).remote.address);
  } catch {
    return null; // not served by @hono/node-server (e.g. app.request in a unit test)
  }
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
