import type { Principal } from '#policies';
import type { AuditAction, AuditEventInput } from './audit-log.ts';

/**
 * Who did something and from where, as every audited layer passes it down: the token's
 * identity and the client's address (the TCP peer, or what a trusted proxy forwarded).
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

/** Peer addresses as logged (IPv4-mapped IPv6 as the IPv4 it is); see server/client-address.ts. */
export { normalizeAddress } from '../client-address.ts';
