import { api, type ArtifactSummary } from '../api/index.ts';
import { currentUser } from './current-user.ts';
import { permissionsFor, type ArtifactPermissions } from './permissions.ts';

export interface ArtifactAccessInfo {
  summary: ArtifactSummary;
  permissions: ArtifactPermissions;
}

/** The artifact's summary row and what the signed-in user may do to it (one request each, the user cached). */
export async function loadArtifactAccess(artifactId: string, signal?: AbortSignal): Promise<ArtifactAccessInfo> {
  const [me, summary] = await Promise.all([currentUser(), api.summary(artifactId, signal ? { signal } : {})]);
  return { summary, permissions: permissionsFor(me, summary) };
}
