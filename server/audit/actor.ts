import type { Principal } from '#policies';
import type { AuditAction, AuditEventInput } from './audit-log.ts';

/**
 * Who did something and from where, as every audited layer passes it down: the token's
 * identity and the request's (or socket's) TCP peer address.
 */
export interface AuditActor {
  orgId: string;
  actorId: string;
  actorName: string;
  clientAddress: string | null;
}

export function auditActor(principal: Pick<Principal, 'orgId' | 'userId' | 'name'>, clientAddress: string | null): AuditActor {
  return { orgId: principal.orgId, actorId: principal.userId, actorName: principal.name, clientAddress };
}

/** One event by `actor`; `fields` adds the artifact, version and metadata (never content). */
export function auditEvent(
  actor: AuditActor,
  action: AuditAction,
  fields: { artifactId?: string | null; version?: number | null; details?: Record<string, unknown> } = {},
): AuditEventInput {
  return { ...actor, action, ...fields };
}

/**
 * A peer address as logged: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) reads as the IPv4 it is.
 * Proxies' `X-Forwarded-For` is deliberately not read: without an explicit trust setting any
 * client could write whatever address it likes into the audit trail.
 */
export function normalizeAddress(address: string | undefined | null): string | null {
  if (!address) return null;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
