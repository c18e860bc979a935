import { Hono } from 'hono';
import { sharingBodySchema } from '#shared/api';
import { auditEvent } from '../audit/index.ts';
import type { DocumentHost } from '../collab/index.ts';
import { badRequest } from '../errors.ts';
import type { ArtifactRecord, ArtifactStore } from '../store/index.ts';
import { parse, readJson } from './body.ts';
import { actorOf } from './audit-context.ts';
import { authorizeArtifact, enforce } from './authorize.ts';
import type { AppEnv } from './context.ts';


/**
 * `PUT /api/artifacts/:id/sharing`: private (owner only), org (everyone of the
 * owner's org) or restricted (named people and groups of that org, each who may view or edit).
 * Revoking access closes the sockets of those who lost it at once; a downgrade to viewing makes
 * their sockets read-only.
 */
export function sharingRoutes({ store, documents }: { store: ArtifactStore; documents: DocumentHost }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/:id/sharing', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'share', 'only the owner sees and changes who an artifact is shared with');
    return c.json(sharingOf(artifact));
  });

  app.put('/:id/sharing', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'share', 'only the owner changes who an artifact is shared with');
    const input = parse(sharingBodySchema, await readJson(c));
    const editors = { users: [...new Set(input.editors?.users ?? [])], groups: [...new Set(input.editors?.groups ?? [])] };
    // A subject listed both ways is an editor: a body read from GET goes back unchanged.
    const users = [...new Set(input.users ?? [])].filter((u) => !editors.users.includes(u));
    const groups = [...new Set(input.groups ?? [])].filter((g) => !editors.groups.includes(g));
    if (input.visibility !== 'restricted' && (users.length || groups.length || editors.users.length || editors.groups.length)) {
      const field = users.length || groups.length ? 'visibility' : 'editors';
      throw badRequest('invalid_request', 'users, groups and editors apply only to visibility "restricted" (org-wide visibility is view-only)', { field });
    }
    // The org-wide rule (not retroactive) needs the target: decided once the body is known.
    enforce(c, { share: input.visibility }, artifact);
    // Who it is shared with are names: the event carries only the new visibility and counts per role.
    const event = auditEvent(actorOf(c), input.visibility === 'private' ? 'unshared' : 'shared', {
      artifactId: artifact.id,
      details: {
        visibility: input.visibility,
        previousVisibility: artifact.visibility,
        users: users.length + editors.users.length,
        groups: groups.length + editors.groups.length,
        roles: { view: { users: users.length, groups: groups.length }, edit: { users: editors.users.length, groups: editors.groups.length } },
      },
    });
    await store.setSharing(artifact.id, { visibility: input.visibility, users, groups, editors }, event);
    const updated = (await store.getArtifact(artifact.id)) as ArtifactRecord;
    documents.sessions.revalidate(updated, c.get('policy'));
    documents.sessions.announce({ type: 'artifact-changed', artifactId: artifact.id });
    return c.json(sharingOf(updated));
  });

  return app;
}

/** `users` / `groups`: everyone it is shared with (who may read, the old meaning); `editors`: who of them may edit. */
function sharingOf(artifact: ArtifactRecord) {
  return { visibility: artifact.visibility, users: artifact.sharedUsers, groups: artifact.sharedGroups, editors: { users: artifact.editorUsers, groups: artifact.editorGroups } };
}
