import type { Context } from 'hono';
import { decide, type Action, type ArtifactAccess } from '#policies';
import { parseArtifactId } from '#shared';
import { refusalError } from '../governance/errors.ts';
import type { ArtifactRecord, ArtifactStore } from '../store/index.ts';
import type { AppEnv } from './context.ts';

/**
 * Throws the HTTP error for `decide`'s refusal of `action` by the caller (under their org's
 * policy); returns when it is allowed (then the artifact exists, except for `create` and `list`). Routes only choose the action: the order of checks
 * (existence first, then the feature switch, then the action's rule) is decide's.
 */
export function enforce<T extends ArtifactAccess>(c: Context<AppEnv>, action: Action, artifact: T | null, forbiddenMessage?: string): asserts artifact is T {
  const decision = decide(c.get('principal'), action, artifact, c.get('policy'));
  if (!decision.allow) throw refusalError(decision, forbiddenMessage ?? `you may read this artifact but not ${typeof action === 'string' ? action : 'share'} it`);
}

/**
 * The artifact named by the route's `:id` if the caller may do `action` on it. Callers who may
 * not even read it get 404, so an artifact's existence never leaks; when the org's policy has
 * the feature off, those who could read it get 403 `feature_disabled`.
 */
export async function authorizeArtifact(c: Context<AppEnv>, store: ArtifactStore, action: Action, forbiddenMessage?: string): Promise<ArtifactRecord> {
  const id = parseArtifactId(c.req.param('id'));
  const artifact = id ? await store.getArtifact(id) : null;
  enforce(c, action, artifact, forbiddenMessage);
  return artifact;
}
