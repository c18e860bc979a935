import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { decide, shareRoleOf, type Action } from '#policies';
import { createArtifactBodySchema } from '#shared/api';
import { templateKind, templateOps } from '#shared/templates';
import { storableText } from '#shared/text';
import { auditEvent, type AuditWriter } from '../audit/index.ts';
import type { DocumentHost } from '../collab/index.ts';
import { refuseIfHeld } from '../governance/legal-hold.ts';
import { artifactSummary, type ArtifactStore } from '../store/index.ts';
import { actorOf, publicUrl, recordView } from './audit-context.ts';
import { authorizeArtifact, enforce } from './authorize.ts';
import { parse, readJson } from './body.ts';
import { createArtifactWith } from './create-artifact.ts';
import type { Idempotency } from './idempotency.ts';
import type { AppEnv } from './context.ts';


/** Query of `GET /api/artifacts`: text that cannot be stored cannot match either, and would fail the query. */
const listQuerySchema = z.object({ q: storableText().optional(), kind: storableText().optional() });

export interface ArtifactRoutesDeps {
  store: ArtifactStore;
  documents: DocumentHost;
  audit: AuditWriter;
  idempotency: Idempotency;
}

/** The artifact routes: create, list, read, edit by ops, delete (see `GET /api/openapi.json`). */
export function artifactRoutes({ store, documents, audit, idempotency }: ArtifactRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const authorized = (c: Context<AppEnv>, action: Action) => authorizeArtifact(c, store, action);

  app.post('/', async (c) => {
    const principal = c.get('principal');
    enforce(c, 'create', null, 'your role may not create artifacts');
    const input = parse(createArtifactBodySchema, await readJson(c));
    const kind = input.kind ?? (input.template ? templateKind(input.template) : 'document');
    // A template's skeleton is in the same first write as the title, so nobody ever sees the artifact half made.
    const skeleton = input.template ? templateOps(input.template, { title: input.title, now: new Date().toISOString() }) : [];
    const artifact = await createArtifactWith({ store, documents }, principal, actorOf(c), {
      title: input.title,
      kind,
      ops: [{ op: 'meta.set', title: input.title, kind }, ...skeleton],
    });
    return c.json({ id: artifact.id, url: publicUrl(c, `/a/${artifact.id}`) }, 201);
  });

  app.get('/', async (c) => {
    const principal = c.get('principal');
    const policy = c.get('policy');
    enforce(c, 'list', null);
    const { q, kind } = parse(listQuerySchema, { q: c.req.query('q'), kind: c.req.query('kind') });
    const rows = await store.listArtifacts(principal.orgId, { ...(q ? { q } : {}), ...(kind ? { kind } : {}) });
    // A reader of a pinned artifact sees (and finds it by) the pinned version's title, never the live one.
    const artifacts = rows
      .filter((a) => decide(principal, 'read', a, policy).allow)
      .map((a) => artifactSummary(a, a.latestVersion, decide(principal, 'read-live', a, policy).allow, shareRoleOf(principal, a)))
      .filter((a) => (!q?.trim() || a.title.toLowerCase().includes(q.trim().toLowerCase())) && (!kind || a.kind === kind));
    return c.json({ artifacts });
  });

  /** One row of the list: who owns it, who sees what, without loading the document. */
  app.get('/:id/summary', async (c) => {
    const artifact = await authorized(c, 'read');
    const principal = c.get('principal');
    return c.json(artifactSummary(artifact, await store.latestVersion(artifact.id), decide(principal, 'read-live', artifact, c.get('policy')).allow, shareRoleOf(principal, artifact)));
  });

  app.get('/:id', async (c) => {
    const artifact = await authorized(c, 'read-live');
    await recordView(c, audit, artifact.id, { details: { via: 'live-json' } });
    return c.json(await documents.readJSON(artifact.id));
  });

  app.post('/:id/ops', async (c) => {
    const artifact = await authorized(c, 'edit');
    const body = await readJson(c);
    return idempotency.run(c, { artifactId: artifact.id, route: 'ops', body }, async (receiptOf) => {
      const receipt = receiptOf && ((result: { applied: number }) => receiptOf({ status: 200, body: result }));
      return { status: 200, body: await documents.applyOps(artifact, c.get('principal'), body, actorOf(c), receipt) };
    });
  });

  app.delete('/:id', async (c) => {
    const artifact = await authorized(c, 'delete');
    await refuseIfHeld(artifact, 'delete', actorOf(c), audit);
    await store.deleteArtifact(artifact.id, auditEvent(actorOf(c), 'deleted', { artifactId: artifact.id }));
    documents.sessions.closeConnections(artifact.id);
    documents.sessions.announce({ type: 'artifact-deleted', artifactId: artifact.id });
    return c.body(null, 204);
  });

  return app;
}
