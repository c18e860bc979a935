import { Hono, type Context } from 'hono';
import { canManagePolicy } from '#policies';
import { MAX_ARTIFACT_WEBHOOKS, MAX_ORG_WEBHOOKS, webhookBodySchema, webhookSettingsSchema, type Webhook } from '#shared/api';
import { auditEvent } from '../audit/index.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { actorOf } from '../http/audit-context.ts';
import { authorizeArtifact } from '../http/authorize.ts';
import { parse, readJson } from '../http/body.ts';
import type { AppEnv } from '../http/context.ts';
import type { ArtifactStore, HookScope, WebhookStore } from '../store/index.ts';
import { newHookId, type WebhookNotifier } from './notifier.ts';
import { newWebhookSecret } from './signature.ts';
import { checkTarget, parseWebhookUrl } from './url-guard.ts';

export interface WebhookRoutesDeps {
  store: ArtifactStore;
  webhooks: WebhookStore;
  notifier: WebhookNotifier;
}

/** Deliveries a log shows. */
const LOG_LIMIT = 50;

/**
 * Hooks of the org (`/api/admin/webhooks…`, org-admins only) and of one artifact
 * (`/api/artifacts/:id/webhooks…`, its owner: decide's `manage-webhooks`). Both have the same
 * routes: list, create (the secret is answered once), replace, delete, rotate the secret, send
 * a test event, and the delivery log. A hook id is looked up within the caller's scope, so a
 * hook of another org or artifact is 404. Mounted at `/api`.
 */
export function webhookRoutes({ store, webhooks, notifier }: WebhookRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const orgScope = async (c: Context<AppEnv>): Promise<HookScope> => {
    const principal = c.get('principal');
    if (!canManagePolicy(principal)) throw forbidden("only your organization's admins manage its webhooks");
    return { orgId: principal.orgId, artifactId: null };
  };
  const artifactScope = async (c: Context<AppEnv>): Promise<HookScope> => {
    const artifact = await authorizeArtifact(c, store, 'manage-webhooks', "only the artifact's owner manages its webhooks");
    return { orgId: artifact.orgId, artifactId: artifact.id };
  };

  app.put('/admin/webhook-settings', async (c) => {
    const scope = await orgScope(c);
    const { includeContent } = parse(webhookSettingsSchema, await readJson(c));
    await webhooks.setIncludeContent(scope.orgId, includeContent, c.get('principal').userId, auditEvent(actorOf(c), 'webhook-settings-changed', { details: { includeContent } }));
    return c.json({ includeContent });
  });

  for (const [base, scopeOf] of [['/admin/webhooks', orgScope], ['/artifacts/:id/webhooks', artifactScope]] as const) {
    const hookOf = async (c: Context<AppEnv>, scope: HookScope): Promise<Webhook> => {
      const hook = await webhooks.get(scope, c.req.param('hookId') ?? '');
      if (!hook) throw notFound('webhook');
      return hook;
    };
    const details = (scope: HookScope, hook: { id: string; url: string; events: readonly string[] }) => ({
      artifactId: scope.artifactId,
      // The host only: a URL's path or query may carry a receiver's own token.
      details: { hookId: hook.id, scope: scope.artifactId ? 'artifact' : 'org', events: [...hook.events], host: new URL(hook.url).host },
    });
    const checkedBody = async (c: Context<AppEnv>) => {
      const body = parse(webhookBodySchema, await readJson(c));
      const url = parseWebhookUrl(body.url);
      await checkTarget(url, notifier.policy);
      return { url: url.href, events: [...new Set(body.events)] };
    };

    app.get(base, async (c) => {
      const scope = await scopeOf(c);
      return c.json({ hooks: await webhooks.list(scope), settings: { includeContent: await webhooks.includeContent(scope.orgId) } });
    });

    app.post(base, async (c) => {
      const scope = await scopeOf(c);
      const body = await checkedBody(c);
      const secret = newWebhookSecret();
      const id = newHookId();
      const max = scope.artifactId ? MAX_ARTIFACT_WEBHOOKS : MAX_ORG_WEBHOOKS;
      const hook = await webhooks.create({ ...scope, id, ...body, secret, createdBy: c.get('principal').userId }, max, auditEvent(actorOf(c), 'webhook-created', details(scope, { id, ...body })));
      if (!hook) throw new AppError('too_many_webhooks', `${scope.artifactId ? 'an artifact' : 'an organization'} has at most ${max} webhooks; delete one first`, 409, { limit: max });
      return c.json({ hook, secret }, 201);
    });

    app.put(`${base}/:hookId`, async (c) => {
      const scope = await scopeOf(c);
      const existing = await hookOf(c, scope);
      const body = await checkedBody(c);
      const hook = await webhooks.update(scope, existing.id, body, auditEvent(actorOf(c), 'webhook-updated', details(scope, { id: existing.id, ...body })));
      if (!hook) throw notFound('webhook');
      return c.json(hook);
    });

    app.delete(`${base}/:hookId`, async (c) => {
      const scope = await scopeOf(c);
      const hook = await hookOf(c, scope);
      if (!(await webhooks.delete(scope, hook.id, auditEvent(actorOf(c), 'webhook-deleted', details(scope, hook))))) throw notFound('webhook');
      return c.body(null, 204);
    });

    app.post(`${base}/:hookId/secret`, async (c) => {
      const scope = await scopeOf(c);
      const existing = await hookOf(c, scope);
      const secret = newWebhookSecret();
      const hook = await webhooks.rotateSecret(scope, existing.id, secret, auditEvent(actorOf(c), 'webhook-updated', { ...details(scope, existing), details: { ...details(scope, existing).details, secretRotated: true } }));
      if (!hook) throw notFound('webhook');
      return c.json({ hook, secret });
    });

    app.post(`${base}/:hookId/test`, async (c) => {
      const scope = await scopeOf(c);
      const hook = await hookOf(c, scope);
      return c.json({ deliveryId: await notifier.sendTest(hook, scope.orgId, c.get('principal').userId) }, 202);
    });

    app.get(`${base}/:hookId/deliveries`, async (c) => {
      const scope = await scopeOf(c);
      const hook = await hookOf(c, scope);
      return c.json({ deliveries: await webhooks.deliveries(hook.id, LOG_LIMIT) });
    });
  }

  return app;
}
