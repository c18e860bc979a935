import type { Connection, Extension, connectedPayload, onDisconnectPayload, onTokenSyncPayload } from '@hocuspocus/server';
import { decide } from '#policies';
import { recordRefusal, type AuditWriter } from '../audit/index.ts';
import type { Authenticator } from '../auth/index.ts';
import { forbidden, unauthorized } from '../errors.ts';
import { refusalError } from '../governance/errors.ts';
import type { Logger } from '../log.ts';
import { sessionOf, type CollabContext } from './context.ts';
import { policyOf, type PolicyReader } from './org-policy.ts';

/** 4401 (Hocuspocus' Unauthorized): the provider asks its token function again. */
const TOKEN_EXPIRED = { code: unauthorized().closeCode, reason: 'token-expired' };

/**
 * A socket lives as long as its token: it closes when the token expires unless the client
 * sends a fresh one first. A fresh token must name the same user, who must still see the live
 * document under the org's current policy (decided as when the document was opened); it then
 * replaces the session's principal (and so the identity presence is stamped with, presence.ts)
 * and its read-only flag. Refused renewals close the socket as expired and are audited.
 */
export function tokenLifetimeExtension(authenticator: Authenticator, audit: AuditWriter, logger: Logger, policies: PolicyReader): Extension {
  return {
    extensionName: 'token-lifetime',

    async connected(payload: connectedPayload) {
      const session = sessionOf(payload);
      if (session) scheduleExpiry(payload.connection, session);
    },

    async onTokenSync(payload: onTokenSyncPayload) {
      const session = sessionOf(payload);
      if (!session) return;
      const { connection } = payload;
      try {
        const next = await authenticator.authenticate(payload.token || undefined);
        if (next.userId !== session.principal.userId) throw forbidden();
        const policy = await policyOf(policies, next.orgId);
        const live = decide(next, 'read-live', session.artifact, policy);
        if (!live.allow) throw refusalError(live);
        session.principal = next;
        connection.readOnly = !decide(next, 'edit', session.artifact, policy).allow;
        scheduleExpiry(connection, session);
      } catch (error) {
        await recordRefusal(audit, logger, error, { clientAddress: session.clientAddress ?? null, via: 'socket' });
        clearTimeout(session.expiryTimer);
        connection.close(TOKEN_EXPIRED);
      }
    },

    async onDisconnect(payload: onDisconnectPayload) {
      clearTimeout(sessionOf(payload)?.expiryTimer);
    },
  };
}

function scheduleExpiry(connection: Connection, session: CollabContext): void {
  clearTimeout(session.expiryTimer);
  const expiresAtMs = session.principal.expiresAtMs;
  if (expiresAtMs === undefined) return;
  session.expiryTimer = setTimeout(() => connection.close(TOKEN_EXPIRED), Math.max(0, expiresAtMs - Date.now()));
  session.expiryTimer.unref?.();
}
