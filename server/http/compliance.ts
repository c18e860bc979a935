import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { canAudit } from '#policies';
import { parseArtifactId } from '#shared';
import { MAX_COMPLIANCE_PAGE, visibilitySchema } from '#shared/api';
import { isStorableText, reportedIssue, storableText } from '#shared/text';
import {
  AUDIT_ACTIONS,
  auditEvent,
  decodeCursor,
  encodeCursor,
  exportBundle,
  recordRefusal,
  type AuditWriter,
} from '../audit/index.ts';
import type { DocumentHost } from '../collab/index.ts';
import { AccessDenied, AppError, badRequest, forbidden, notFound } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ArtifactStore, Storage } from '../store/index.ts';
import { refuseIfHeld } from '../governance/legal-hold.ts';
import { frozenHtmlDownload } from '../versions/index.ts';
import { actorOf, clientAddressOf, recordView } from './audit-context.ts';
import type { AppEnv } from './context.ts';

export const MAX_PAGE = MAX_COMPLIANCE_PAGE;
const DEFAULT_PAGE = 50;

const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { message: 'must be an ISO 8601 date or date-time' });
const limit = z.coerce.number({ message: 'must be a number' }).int().min(1).max(MAX_PAGE, `at most ${MAX_PAGE}`).default(DEFAULT_PAGE);

/** Query of `GET /api/compliance/artifacts` (exported for the OpenAPI document). */
export const artifactQuerySchema = z.strictObject({
  q: storableText().max(200).optional(),
  owner: storableText().max(200).optional(),
  kind: storableText().max(50).optional(),
  visibility: visibilitySchema.optional(),
  updatedFrom: instant.optional(),
  updatedTo: instant.optional(),
  limit,
  cursor: storableText().max(500).optional(),
});

/** Query of `GET /api/compliance/events`. `action` is one action or a comma-separated list. */
export const eventQuerySchema = z.strictObject({
  action: storableText()
    .transform((text) => text.split(',').map((a) => a.trim()).filter(Boolean))
    .pipe(z.array(z.enum(AUDIT_ACTIONS, { message: `must be one of ${AUDIT_ACTIONS.join(', ')}` })))
    .optional(),
  actor: storableText().max(200).optional(),
  artifact: storableText().max(200).optional(),
  from: instant.optional(),
  to: instant.optional(),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit,
  cursor: storableText().max(500).optional(),
});

export interface ComplianceDeps {
  store: ArtifactStore;
  storage: Pick<Storage, 'compliance' | 'auditReader' | 'versions' | 'comments'>;
  documents: DocumentHost;
  audit: AuditWriter;
  logger: Logger;
  appOrigin: () => string;
}

/**
 * The compliance API for auditors, over their own org only: every artifact
 * whatever its sharing (metadata), every version, exports, the audit trail and its
 * verification, and hard deletion. Others get 403 (recorded as 'login-denied': a verified
 * token without the role); artifacts of other orgs are 404 like unknown ones.
 */
export function complianceRoutes(deps: ComplianceDeps): Hono<AppEnv> {
  const { store, documents, audit, logger } = deps;
  const { compliance, auditReader: reader, versions: versionStore } = deps.storage;
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const principal = c.get('principal');
    if (!canAudit(principal)) {
      if (!principal.orgId) throw forbidden('the compliance API is for auditors of an organization');
      const denied = new AccessDenied(principal, 'role-missing', 'the compliance API is for auditors');
      await recordRefusal(audit, logger, denied, { clientAddress: clientAddressOf(c), via: 'http', route: 'compliance' });
      throw denied;
    }
    await next();
  });

  /** The route's artifact, if it belongs to the auditor's org; 404 otherwise. */
  const artifactOf = async (c: Context<AppEnv>) => {
    const id = parseArtifactId(c.req.param('id'));
    const artifact = id ? await compliance.artifact(c.get('principal').orgId, id) : null;
    if (!artifact) throw notFound();
    return artifact;
  };
  const versionOf = async (c: Context<AppEnv>, artifactId: string) => {
    const n = Number(c.req.param('n'));
    const version = Number.isInteger(n) && n >= 1 ? await compliance.version(artifactId, n) : null;
    if (!version) throw notFound('version');
    return version;
  };

  app.get('/artifacts', async (c) => {
    const query = parseQuery(artifactQuerySchema, c);
    const after = query.cursor
      ? decodeCursor('artifacts', query.cursor, (v): v is { c: string; i: string } => typeof v.c === 'string' && typeof v.i === 'string' && isStorableText(v.c) && isStorableText(v.i))
      : undefined;
    const { cursor: _cursor, limit: pageSize, ...filters } = query;
    const { rows, positions } = await compliance.artifacts(c.get('principal').orgId, {
      ...withoutUndefined(filters),
      ...(after ? { after: { createdAt: after.c, id: after.i } } : {}),
      limit: pageSize + 1,
    });
    const items = rows.slice(0, pageSize);
    const last = items.at(-1);
    const nextCursor = rows.length > pageSize && last ? encodeCursor('artifacts', { c: positions[items.length - 1] as string, i: last.id }) : null;
    return c.json({ items, nextCursor });
  });

  app.get('/artifacts/:id', async (c) => c.json(await artifactOf(c)));

  app.get('/artifacts/:id/versions', async (c) => {
    const artifact = await artifactOf(c);
    // Metadata only (sizes by octet_length): no version's HTML is loaded to list them.
    return c.json({ versions: await versionStore.list(artifact.id) });
  });

  const serveHtml = async (c: Context<AppEnv>) => {
    const artifact = await artifactOf(c);
    const v = await versionOf(c, artifact.id);
    await recordView(c, audit, artifact.id, { version: v.version, details: { via: 'compliance-html' } });
    return frozenHtmlDownload(v.html, `${artifact.id}-v${v.version}.html`, deps.appOrigin(), { ETag: `"${v.sha256}"` });
  };

  app.get('/artifacts/:id/versions/:n', async (c) => {
    const format = c.req.query('format') ?? 'json';
    if (format === 'html') return serveHtml(c);
    if (format !== 'json') throw badRequest('invalid_filter', 'format: must be "json" or "html"', { field: 'format' });
    const artifact = await artifactOf(c);
    const v = await versionOf(c, artifact.id);
    await recordView(c, audit, artifact.id, { version: v.version, details: { via: 'compliance-json' } });
    // The stored bytes, exactly as the export's v<n>.json has them.
    return new Response(v.json, { headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' } });
  });

  app.get('/artifacts/:id/versions/:n/html', serveHtml);

  app.get('/artifacts/:id/export', async (c) => {
    const artifact = await artifactOf(c);
    const numbers = await compliance.versionNumbers(artifact.id);
    try {
      await audit.record(auditEvent(actorOf(c), 'exported', { artifactId: artifact.id, details: { versions: numbers.length } }));
    } catch (error) {
      throw new AppError('unavailable', 'the export could not be recorded in the audit trail; nothing was exported, retry', 503, {}, { cause: error });
    }
    const principal = c.get('principal');
    const body = exportBundle({
      artifact,
      exportedBy: { userId: principal.userId, name: principal.name },
      versionNumbers: numbers,
      loadVersion: (n) => compliance.version(artifact.id, n),
      loadComments: async () => ({ threads: await deps.storage.comments.threads(artifact.id) }),
      now: new Date(),
    });
    return new Response(body, {
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="${artifact.id}-export.zip"`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  });

  app.delete('/artifacts/:id', async (c) => {
    const artifact = await artifactOf(c);
    await refuseIfHeld(artifact, 'hard-delete', actorOf(c), audit);
    // No socket may write into it while (and after) it goes.
    documents.sessions.closeConnections(artifact.id);
    const event = auditEvent(actorOf(c), 'deleted', { artifactId: artifact.id, details: { via: 'compliance', versions: artifact.versionCount } });
    await store.deleteArtifact(artifact.id, event);
    // Drop the in-memory copy too, so no trace of the content outlives its rows.
    await documents.evict(artifact.id);
    documents.sessions.announce({ type: 'artifact-deleted', artifactId: artifact.id });
    return c.body(null, 204);
  });

  app.get('/events', async (c) => {
    const query = parseQuery(eventQuerySchema, c);
    const after = query.cursor
      ? decodeCursor('events', query.cursor, (v): v is { s: number; o: string } => Number.isSafeInteger(v.s) && v.o === query.order)
      : undefined;
    const rows = await reader.events(c.get('principal').orgId, {
      ...(query.action ? { actions: query.action } : {}),
      ...(query.actor ? { actorId: query.actor } : {}),
      ...(query.artifact ? { artifactId: query.artifact } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      ...(after ? { afterSeq: after.s } : {}),
      order: query.order,
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeCursor('events', { s: last.seq, o: query.order }) : null;
    return c.json({ items, nextCursor });
  });

  app.get('/verify', async (c) => c.json(await reader.verify(c.get('principal').orgId)));

  return app;
}

/** The query string against a schema; 400 `invalid_filter` naming the first bad parameter. */
function parseQuery<T>(schema: z.ZodType<T>, c: Context): T {
  const result = schema.safeParse(c.req.query());
  if (result.success) return result.data;
  const issue = reportedIssue(result.error.issues);
  const field = issue?.code === 'unrecognized_keys' ? (issue.keys[0] ?? 'query') : String(issue?.path[0] ?? 'query');
  const message = issue?.code === 'unrecognized_keys' ? 'is not a filter of this list' : (issue?.message ?? 'invalid');
  throw badRequest('invalid_filter', `${field}: ${message}`, { field });
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
