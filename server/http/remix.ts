import { Hono } from 'hono';
import { decide } from '#policies';
import type { ArtifactJSON } from '#shared';
import { remixBodySchema, type Lineage } from '#shared/api';
import { auditEvent, type AuditActor } from '../audit/index.ts';
import type { DocumentHost } from '../collab/index.ts';
import { refusalError } from '../governance/errors.ts';
import { notFound } from '../errors.ts';
import { newArtifactId } from '../ids.ts';
import type { Principal } from '../auth/index.ts';
import type { ArtifactRecord, ArtifactStore, VersionStore } from '../store/index.ts';
import { actorOf, publicUrl } from './audit-context.ts';
import { authorizeArtifact, enforce } from './authorize.ts';
import { parse, readJson } from './body.ts';
import { discardArtifact } from './create-artifact.ts';
import type { AppEnv } from './context.ts';

export interface RemixRoutesDeps {
  store: ArtifactStore;
  versions: VersionStore;
  documents: DocumentHost;
}

/**
 * `POST /api/artifacts/:id/remix`: a private copy of the live document (or of one version),
 * owned by the caller, in the caller's org, which is the source's (decide's `read` refuses
 * every other org's artifact as not found). `GET /api/artifacts/:id/lineage`: where it came from
 * and its copies the caller may read.
 */
export function remixRoutes({ store, versions, documents }: RemixRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/:id/remix', async (c) => {
    const principal = c.get('principal');
    const source = await authorizeArtifact(c, store, 'read');
    enforce(c, 'create', null, 'your role may not create artifacts, so it may not remix them');
    const input = parse(remixBodySchema, await readJson(c));
    let version = input.version ?? null;
    if (version === null) {
      // A reader of a pinned artifact copies what it may see: the pinned version.
      const live = decide(principal, 'read-live', source, c.get('policy'));
      if (!live.allow) {
        if (live.reason !== 'pinned') throw refusalError(live);
        version = live.version;
      }
    }
    const content = version === null ? await documents.readJSON(source.id) : await versions.json(source.id, version);
    if (!content) throw notFound('version');
    const copy = await remixArtifact({ store, documents }, principal, actorOf(c), { source, version, content, title: input.title ?? remixTitle(content.meta.title) });
    return c.json({ id: copy.id, url: publicUrl(c, `/a/${copy.id}`), remixedFrom: { id: source.id, version } }, 201);
  });

  app.get('/:id/lineage', async (c) => {
    const principal = c.get('principal');
    const policy = c.get('policy');
    const artifact = await authorizeArtifact(c, store, 'read');
    const from = artifact.remixedFrom;
    const source = from ? await store.getArtifact(from.id) : null;
    // The copy says it is one; what it was copied from only to those who may read that.
    const sourceTitle = source && decide(principal, 'read', source, policy).allow ? titleFor(source, decide(principal, 'read-live', source, policy).allow) : null;
    const remixes = (await store.listRemixes(artifact.id))
      .filter((r) => decide(principal, 'read', r, policy).allow)
      .map((r) => ({ id: r.id, title: titleFor(r, decide(principal, 'read-live', r, policy).allow), owner: r.ownerId, ownerName: r.ownerName, version: r.remixedFrom?.version ?? null, createdAt: r.createdAt }));
    const body: Lineage = { remixedFrom: from ? { id: from.id, version: from.version, title: sourceTitle } : null, remixes };
    return c.json(body);
  });

  return app;
}

/** The copy's title when the caller gives none: the source's, marked, so lists tell the two apart (at most 200 characters, like any title). */
export function remixTitle(sourceTitle: string): string {
  const mark = ' (remix)';
  return `${(sourceTitle || 'Untitled artifact').slice(0, 200 - mark.length)}${mark}`;
}

/** The title a reader is shown: the live one, or the pinned version's for who may not see the live document. */
function titleFor(artifact: ArtifactRecord, readsLive: boolean): string {
  return readsLive || !artifact.pinnedMeta ? artifact.title : artifact.pinnedMeta.title;
}

/**
 * Creates the copy and writes its content as its first change, like a restore writes a
 * version into a live document: the whole document at once (no batch limit on sections), then
 * stored, then visible. The copy's 'created' event commits with its row; the source's
 * 'remixed' event commits with the content, so the trail never names a copy that holds
 * nothing. If the content cannot be stored the copy is deleted again (`reason: remix-failed`).
 */
async function remixArtifact(
  deps: { store: ArtifactStore; documents: DocumentHost },
  principal: Principal,
  actor: AuditActor,
  input: { source: ArtifactRecord; version: number | null; content: ArtifactJSON; title: string },
): Promise<ArtifactRecord> {
  const id = newArtifactId();
  const lineage = { id: input.source.id, version: input.version };
  const copy = await deps.store.createArtifact(
    { id, title: input.title, kind: input.content.meta.kind, ownerId: principal.userId, orgId: principal.orgId, remixedFrom: lineage },
    auditEvent(actor, 'created', { artifactId: id, details: { remixedFrom: lineage.id, version: lineage.version } }),
  );
  const remixed = auditEvent(actor, 'remixed', { artifactId: input.source.id, version: input.version, details: { remixId: id } });
  const content: ArtifactJSON = { ...input.content, id, meta: { ...input.content.meta, title: input.title } };
  try {
    await deps.documents.replace(
      copy,
      principal,
      content,
      async (replacement) => {
        if (!replacement.update) throw new Error('a remix changed nothing in an empty document');
        const { gone } = await deps.store.appendUpdates([{ artifactId: id, data: replacement.update, ...(replacement.meta ? { meta: replacement.meta } : {}), audit: remixed }]);
        if (gone.length) throw notFound();
      },
      async () => undefined,
    );
  } catch (error) {
    await discardArtifact(deps.store, actor, id, 'remix-failed');
    throw error;
  }
  return (await deps.store.getArtifact(id)) ?? copy;
}
