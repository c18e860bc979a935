import type { Context } from 'hono';
import { can, type Action } from '#policies';
import { parseArtifactId } from '#shared';
import { forbidden, notFound, pinned } from '../errors.ts';
import { featureDisabled } from '../governance/errors.ts';
import type { ArtifactRecord, ArtifactStore } from '../store/index.ts';
import type { AppEnv } from './context.ts';

/**
 * The artifact named by the route's `:id` if the caller may do `action` on it. Callers who may
 * not even read it get 404, so an artifact's existence never leaks; when the org's policy has
 * the feature off, those who could read it get 403 `feature_disabled`.
 */
export async function authorizeArtifact(c: Context<AppEnv>, store: ArtifactStore, action: Action): Promise<ArtifactRecord> {
  const principal = c.get('principal');
  const id = parseArtifactId(c.req.param('id'));
  const artifact = id ? await store.getArtifact(id) : null;
  if (!artifact || !can(principal, 'read', artifact)) throw notFound();
  if (c.get('policy')?.enabled === false) throw featureDisabled();
  if (!can(principal, action, artifact)) {
    if (action === 'read-live') throw pinned(artifact.pinnedVersion);
    throw forbidden(`you may read this artifact but not ${action} it`);
  }
  return artifact;
}
