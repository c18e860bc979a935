import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { decide } from '#policies';
import { parseArtifactId } from '#shared';
import { auditActor, auditEvent, recordRefusal, REPEAT_WINDOW_MS, type AuditWriter } from '../audit/index.ts';
import type { Authenticator } from '../auth/index.ts';
import { notFound, unavailable } from '../errors.ts';
import { refusalError } from '../governance/errors.ts';
import type { Logger } from '../log.ts';
import type { ArtifactStore } from '../store/index.ts';
import { ATTR, SPAN, withSpan } from '../telemetry/index.ts';
import type { CollabContext } from './context.ts';
import { policyOf, type PolicyReader } from './org-policy.ts';

/**
 * Authorizes each document on a (possibly multiplexed) socket separately: the token from the
 * Hocuspocus auth message names the principal; opening the document is decide's `read-live`
 * under the org's policy, the same answer HTTP gives (`not_found` for whoever may not read it,
 * so existence does not leak; then `feature_disabled`; then `pinned`). Who may read but not
 * edit gets a read-only connection. Opening a document is audited as 'viewed' (once per
 * connection) before any content is sent; refused verified tokens as 'login-denied'. How long
 * the socket then lives is token-lifetime.ts'.
 */
export function authExtension(authenticator: Authenticator, store: ArtifactStore, audit: AuditWriter, logger: Logger, policies: PolicyReader): Extension {
  async function authenticateDocument({ token, documentName, connectionConfig, context }: onAuthenticatePayload): Promise<CollabContext> {
    // Set when the socket was accepted (collab/index.ts); the rest of the session is made here.
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
    // Read for every document, known or not: a failure to read it says nothing about existence.
    const policy = await policyOf(policies, principal.orgId);
    if (!artifact) throw notFound();
    const live = decide(principal, 'read-live', artifact, policy);
    if (!live.allow) throw refusalError(live);
    connectionConfig.readOnly = !decide(principal, 'edit', artifact, policy).allow;
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
  };
}
