import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { can } from '#policies';
import { parseArtifactId } from '#shared';
import type { Authenticator } from '../auth/index.ts';
import { forbidden, notFound } from '../errors.ts';
import type { ArtifactStore } from '../store/index.ts';
import type { CollabContext } from './context.ts';

/**
 * Authorizes each document on a (possibly multiplexed) socket separately: the token from the
 * Hocuspocus auth message names the principal; the document must be an artifact it may read.
 * Who may read but not edit gets a read-only connection. Unknown and forbidden documents get
 * the same answer, so existence does not leak.
 */
export function authExtension(authenticator: Authenticator, store: ArtifactStore): Extension {
  return {
    extensionName: 'auth',
    async onAuthenticate({ token, documentName, connectionConfig }: onAuthenticatePayload): Promise<CollabContext> {
      const principal = await authenticator.authenticate(token || undefined);
      const id = parseArtifactId(documentName);
      const artifact = id ? await store.getArtifact(id) : null;
      if (!artifact || !can(principal, 'read', artifact)) throw notFound();
      // Pinned: readers get the pinned version over HTTP, never the live document.
      if (!can(principal, 'read-live', artifact)) throw forbidden('viewers of this artifact see a pinned version');
      connectionConfig.readOnly = !can(principal, 'edit', artifact);
      return { principal, artifact };
    },
  };
}
