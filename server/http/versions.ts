import { Hono, type Context } from 'hono';
import { diffArtifacts } from '#shared/diff';
import type { ArtifactJSON } from '#shared';
import { publishBodySchema, settingsBodySchema } from '#shared/api';
import type { AuditWriter } from '../audit/index.ts';
import type { DocumentHost } from '../collab/index.ts';
import { badRequest, notFound } from '../errors.ts';
import type { ArtifactRecord, ArtifactStore, VersionStore } from '../store/index.ts';
import { frozenHtmlDownload, type LinkSigner, type Publisher, type PublishOutcome, type RestoreOutcome } from '../versions/index.ts';
import type { WebhookNotifier } from '../webhooks/index.ts';
import type { Answer, Idempotency } from './idempotency.ts';
import { parse, readJson } from './body.ts';
import { actorOf, publicUrl, recordView } from './audit-context.ts';
import { authorizeArtifact, enforce } from './authorize.ts';
import type { AppEnv } from './context.ts';


export interface VersionRoutesDeps {
  store: ArtifactStore;
  versions: VersionStore;
  documents: DocumentHost;
  publisher: Publisher;
  signer: LinkSigner;
  usercontentOrigin: () => string;
  appOrigin: () => string;
  audit: AuditWriter;
  idempotency: Idempotency;
  /** Outgoing webhooks of `published` and `restored` (queued after the commit, never awaited). */
  notifier?: Pick<WebhookNotifier, 'notify'>;
}

/** The routes of versions, diff, and "what viewers see", mounted under /api/artifacts/:id. */
export function versionRoutes(deps: VersionRoutesDeps): Hono<AppEnv> {
  const { store, versions, documents, publisher, signer, audit, idempotency } = deps;
  const app = new Hono<AppEnv>();
  const versionParam = (c: Context<AppEnv>, name = 'n'): number => {
    const n = Number(c.req.param(name));
    if (!Number.isInteger(n) || n < 1) throw notFound('version');
    return n;
  };
  const pageUrl = (c: Context, artifact: ArtifactRecord, n: number) => publicUrl(c, `/a/${artifact.id}/v/${n}`);
  /** 201 with the new version; 200 with the latest one when nothing changed since it. */
  const answerOf = (c: Context, artifact: ArtifactRecord, outcome: PublishOutcome & { preservedVersion?: number | null }): Answer => ({
    status: outcome.unchanged ? 200 : 201,
    body: {
      version: outcome.version,
      sha256: outcome.sha256,
      url: pageUrl(c, artifact, outcome.version),
      unchanged: outcome.unchanged,
      ...(outcome.preservedVersion !== undefined ? { preservedVersion: outcome.preservedVersion } : {}),
    },
  });

  app.post('/:id/versions', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'edit');
    const body = await readJson(c);
    const input = parse(publishBodySchema, body);
    return idempotency.run(c, { artifactId: artifact.id, route: 'publish', body }, async (receiptOf) => {
      const receipt = receiptOf && ((o: PublishOutcome) => receiptOf(answerOf(c, artifact, o)));
      const outcome = await publisher.publish(artifact, c.get('principal'), input, actorOf(c), receipt);
      if (!outcome.unchanged) void deps.notifier?.notify({ type: 'published', orgId: artifact.orgId, artifactId: artifact.id, actorId: c.get('principal').userId, at: outcome.createdAt, version: outcome.version });
      return answerOf(c, artifact, outcome);
    });
  });

  app.get('/:id/versions', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'read');
    return c.json({ versions: await versions.list(artifact.id) });
  });

  app.get('/:id/versions/:n', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'read');
    const n = versionParam(c);
    const json = await versions.json(artifact.id, n);
    if (!json) throw notFound('version');
    await recordView(c, audit, artifact.id, { version: n, details: { via: 'version-json' } });
    return c.json(json);
  });

  app.get('/:id/versions/:n/link', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'read');
    const n = versionParam(c);
    if (!(await versions.info(artifact.id, n))) throw notFound('version');
    // The link is the key to the content: handing it out is the view.
    await recordView(c, audit, artifact.id, { version: n, details: { via: 'version-link' } });
    const link = signer.sign(artifact.id, n, Date.now());
    return c.json({ url: `${deps.usercontentOrigin()}${link.path}`, expiresAt: link.expiresAt });
  });

  app.get('/:id/versions/:n/html', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'read');
    const n = versionParam(c);
    const stored = await versions.html(artifact.id, n);
    if (!stored) throw notFound('version');
    await recordView(c, audit, artifact.id, { version: n, details: { via: 'version-html' } });
    return frozenHtmlDownload(stored.html, `${artifact.id}-v${n}.html`, deps.appOrigin());
  });

  app.post('/:id/versions/:n/restore', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'edit');
    const n = versionParam(c);
    return idempotency.run(c, { artifactId: artifact.id, route: `restore ${n}`, body: null }, async (receiptOf) => {
      const receipt = receiptOf && ((o: RestoreOutcome) => receiptOf(answerOf(c, artifact, o)));
      const outcome = await publisher.restore(artifact, c.get('principal'), n, actorOf(c), receipt);
      void deps.notifier?.notify({ type: 'restored', orgId: artifact.orgId, artifactId: artifact.id, actorId: c.get('principal').userId, at: new Date().toISOString(), version: n });
      return answerOf(c, artifact, outcome);
    });
  });

  app.get('/:id/diff', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'read');
    const side = (param: 'from' | 'to'): number | 'live' => {
      const value = c.req.query(param);
      if (value === 'live') return 'live';
      if (value === undefined || !/^\d{1,9}$/.test(value) || Number(value) < 1) throw badRequest('invalid_request', `"${param}" must be a version number or "live"`, { field: param });
      return Number(value);
    };
    const sides = { from: side('from'), to: side('to') };
    // The live side reveals the live document: only for those who may read it (not readers of a pinned artifact).
    if (sides.from === 'live' || sides.to === 'live') enforce(c, 'read-live', artifact);
    const load = async (n: number | 'live'): Promise<ArtifactJSON> => {
      if (n === 'live') return documents.readJSON(artifact.id);
      const json = await versions.json(artifact.id, n);
      if (!json) throw notFound(`version ${n}`);
      return json;
    };
    const [from, to] = await Promise.all([load(sides.from), load(sides.to)]);
    // The parsed sides only: what a caller typed never reaches the audit trail verbatim.
    await recordView(c, audit, artifact.id, { details: { via: 'diff', ...sides } });
    return c.json(diffArtifacts(from, to));
  });

  app.get('/:id/settings', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'read');
    return c.json(settingsOf(artifact));
  });

  app.put('/:id/settings', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'edit');
    const { view } = parse(settingsBodySchema, await readJson(c));
    const pinned = view.mode === 'pinned' ? view.version : null;
    if (pinned !== null && !(await versions.info(artifact.id, pinned))) {
      throw badRequest('unknown_version', `version ${pinned} does not exist; publish it first`, { field: 'view.version' });
    }
    await store.setPinnedVersion(artifact.id, pinned);
    const updated = { ...artifact, pinnedVersion: pinned };
    documents.sessions.revalidate(updated, c.get('policy'));
    documents.sessions.announce({ type: 'artifact-changed', artifactId: artifact.id });
    return c.json(settingsOf(updated));
  });

  return app;
}

function settingsOf(artifact: ArtifactRecord) {
  return { view: artifact.pinnedVersion === null ? { mode: 'live' as const } : { mode: 'pinned' as const, version: artifact.pinnedVersion } };
}
