import type { Connection, Extension, connectedPayload, onAuthenticatePayload, onDisconnectPayload, onTokenSyncPayload } from '@hocuspocus/server';
import { can } from '#policies';
import { parseArtifactId } from '#shared';
import { auditActor, auditEvent, recordRefusal, REPEAT_WINDOW_MS, type AuditWriter } from '../audit/index.ts';
import type { Authenticator } from '../auth/index.ts';
import { AppError, forbidden, notFound, pinned, unauthorized, unavailable } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ArtifactStore } from '../store/index.ts';
import { ATTR, SPAN, withSpan } from '../telemetry/index.ts';
import type { CollabContext } from './context.ts';
import { assertFeatureEnabled, type PolicyReader } from './org-policy.ts';

/** 4401 (Hocuspocus' Unauthorized): the provider asks its token function again. */
const TOKEN_EXPIRED = { code: unauthorized().closeCode, reason: 'token-expired' };

/**
 * Authorizes each document on a (possibly multiplexed) socket separately: the token from the
 * Hocuspocus auth message names the principal; the document must be an artifact it may read.
 * Who may read but not edit gets a read-only connection. Unknown and forbidden documents get
 * the same answer, so existence does not leak. The socket closes when its token expires unless
 * the client sends a fresh one first (presence is stamped from it: presence.ts).
 * An org whose policy switched the feature off gets `feature_disabled`. Opening a document is
 * audited as 'viewed' (once per connection) before any content is sent; refused verified
 * tokens as 'login-denied'.
 */
export function authExtension(authenticator: Authenticator, store: ArtifactStore, audit: AuditWriter, logger: Logger, policies?: PolicyReader): Extension {
  async function authenticateDocument({ token, documentName, connectionConfig, context }: onAuthenticatePayload): Promise<CollabContext> {
    const clientAddress = (context as Partial<CollabContext> | undefined)?.clientAddress ?? null;
    let principal: Awaited<ReturnType<Authenticator['authenticate']>>;
    try {
      principal = await authenticator.authenticate(token || undefined);
    } catch (error) {
      await recordRefusal(audit, logger, error, { clientAddress, via: 'socket' });
      throw error;
    }
    const id = parseArtifactId(documentName);
    let artifact: Awaited<ReturnType<ArtifactStore['getArtifact']>>;
    try {
      artifact = id ? await store.getArtifact(id) : null;
    } catch (error) {
      // Said as such, so the page retries instead of reading a refusal.
      throw unavailable('the artifact could not be read from storage; try again', error);
    }
    if (!artifact || !can(principal, 'read', artifact)) throw notFound();
    // Pinned: readers get the pinned version over HTTP, never the live document.
    if (!can(principal, 'read-live', artifact)) throw pinned(artifact.pinnedVersion);
    connectionConfig.readOnly = !can(principal, 'edit', artifact);
    try {
      await assertFeatureEnabled(policies, artifact.orgId);
    } catch (error) {
      throw error instanceof AppError ? error : unavailable("the org's policy could not be read; try again", error);
    }
    try {
      // Once a minute per person and artifact, however often a socket reopens it.
      await audit.recordOnce(auditEvent(auditActor(principal, clientAddress), 'viewed', { artifactId: artifact.id, details: { via: 'socket' } }), REPEAT_WINDOW_MS);
    } catch (error) {
      // Content is not served unless its viewing is on record.
      throw unavailable('the view could not be recorded; try again', error);
    }
    return { principal, artifact, clientAddress };
  }

  return {
    extensionName: 'auth',

    /** One span per document authentication: the artifact, its org, read-only or not, the outcome. */
    onAuthenticate(payload: onAuthenticatePayload): Promise<CollabContext> {
      const id = parseArtifactId(payload.documentName);
      return withSpan(SPAN.socketAuthenticate, id ? { [ATTR.artifactId]: id } : undefined, async (span) => {
        const session = await authenticateDocument(payload);
        if (span.isRecording()) span.setAttributes({ [ATTR.orgId]: session.artifact.orgId, [ATTR.readOnly]: payload.connectionConfig.readOnly });
        return session;
      });
    },

    async connected({ connection, context }: connectedPayload) {
      scheduleExpiry(connection, context as CollabContext);
    },

    async onTokenSync({ token, connection, context }: onTokenSyncPayload) {
      const current = context as CollabContext;
      try {
        const next = await authenticator.authenticate(token || undefined);
        if (next.userId !== current.principal.userId || !can(next, 'read-live', current.artifact)) throw forbidden();
        current.principal = next;
        connection.readOnly = !can(next, 'edit', current.artifact);
        scheduleExpiry(connection, current);
      } catch (error) {
        await recordRefusal(audit, logger, error, { clientAddress: current.clientAddress ?? null, via: 'socket' });
        clearTimeout(current.expiryTimer);
        connection.close(TOKEN_EXPIRED);
      }
    },

    async onDisconnect({ context }: onDisconnectPayload) {
      clearTimeout((context as CollabContext | undefined)?.expiryTimer);
    },
  };
}

function scheduleExpiry(connection: Connection, context: CollabContext): void {
  clearTimeout(context.expiryTimer);
  const expiresAtMs = context.principal.expiresAtMs;
  if (expiresAtMs === undefined) return;
  context.expiryTimer = setTimeout(() => connection.close(TOKEN_EXPIRED), Math.max(0, expiresAtMs - Date.now()));
  context.expiryTimer.unref?.();
}
