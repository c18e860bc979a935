import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { recordRefusal, type AuditWriter } from '../audit/index.ts';
import type { Authenticator } from '../auth/index.ts';
import { bearerToken } from '../auth/index.ts';
import type { Config } from '../config.ts';
import { notFound, payloadTooLarge, unavailable } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { PublicConfig } from '#shared/api';
import type { IdentityInfo } from '../auth/identity.ts';
import type { ArtifactStore, PeopleStore, Storage } from '../store/index.ts';
import { httpTelemetry } from '../telemetry/http.ts';
import { hookRoutes } from '../hooks/index.ts';
import type { Governance } from '../governance/index.ts';
import { adminRoutes } from './admin.ts';
import { artifactRoutes } from './artifacts.ts';
import { clientAddressOf, clientOrigin } from './audit-context.ts';
import { complianceRoutes } from './compliance.ts';
import { commentQueueRoutes } from './comment-queue.ts';
import { commentRoutes, type NotifyComment } from './comments.ts';
import type { AppEnv } from './context.ts';
import { errorResponse } from './errors.ts';
import { identityRoutes } from './identity.ts';
import { Idempotency } from './idempotency.ts';
import { openApiDocument } from './openapi.ts';
import { clientRoutes } from './static.ts';
import { remixRoutes } from './remix.ts';
import { sharingRoutes } from './sharing.ts';
import { versionRoutes, type VersionRoutesDeps } from './versions.ts';
import { mcpRoutes } from '../mcp/index.ts';
import { webhookRoutes, type WebhookNotifier } from '../webhooks/index.ts';

export interface HttpDeps extends Omit<VersionRoutesDeps, 'store' | 'idempotency'> {
  config: Readonly<Config>;
  store: ArtifactStore;
  /** The stores routes read besides artifacts, built once by `openStorage`. */
  storage: Pick<Storage, 'idempotency' | 'compliance' | 'auditReader' | 'versions' | 'hookSessions' | 'webhooks' | 'comments'>;
  /** Told of every new comment and mention (ids only), e.g. to call webhooks; default: nobody. */
  notifyComment?: NotifyComment;
  people: PeopleStore;
  authenticator: Authenticator;
  /** Verifies tokens of the MCP endpoint (its own audience). */
  mcpAuthenticator: Authenticator;
  /** The IdP the web app signs in with. */
  identity: () => IdentityInfo;
  logger: Logger;
  /** Standalone audit events: views, exports, refused tokens. */
  audit: AuditWriter;
  /** Org policies, retention and legal hold. */
  governance: Governance;
  /** Outgoing webhooks: routes manage them; publish and restore notify them. */
  webhooks: WebhookNotifier;
  /** With several instances: Redis, which readiness checks too. */
  redis?: { ping(): Promise<void> };
}

const READY_CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

export function createHttpApp(deps: HttpDeps): Hono<AppEnv> {
  const { config, store, documents, authenticator, logger } = deps;
  const app = new Hono<AppEnv>();
  app.onError((error, c) => errorResponse(error, c, logger));
  // One span per request (route, status) and the HTTP duration metric; first, so it times everything.
  app.use('*', httpTelemetry());
  // Who is calling: the TCP peer, or what a proxy of TRUSTED_PROXIES forwarded.
  app.use('*', clientOrigin(config.trustedProxies));

  // Both answer 503 `starting`/`stopping` before the app even sees them (server/app.ts).
  app.get('/healthz', (c) => c.json({ ok: true }));
  // For a load balancer: ready means a request would succeed, storage included.
  app.get('/readyz', async (c) => {
    try {
      await withTimeout(store.ping(), READY_CHECK_TIMEOUT_MS);
    } catch (error) {
      throw unavailable('storage does not answer', error);
    }
    // Without Redis this instance would serve documents alone, out of step with the others.
    if (deps.redis) {
      try {
        await withTimeout(deps.redis.ping(), READY_CHECK_TIMEOUT_MS);
      } catch (error) {
        throw unavailable('redis does not answer', error);
      }
    }
    return c.json({ ok: true });
  });
  app.get('/api/config', (c) => {
    const { issuer, webClientId } = deps.identity();
    const body: PublicConfig = { oidc: { issuer, clientId: webClientId }, usercontentOrigin: deps.usercontentOrigin(), collabPath: config.collabPath };
    return c.json(body);
  });

  // Describes the API, not any content: public, like /api/config.
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));

  const api = new Hono<AppEnv>();
  api.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    // A tool call of the MCP endpoint: verified there, from its own token (see McpDispatch).
    const dispatched = c.env?.mcp;
    if (dispatched) {
      c.set('principal', dispatched.session);
      await next();
      return;
    }
    try {
      c.set('principal', await authenticator.authenticate(bearerToken(c.req.raw.headers)));
    } catch (error) {
      await recordRefusal(deps.audit, logger, error, { clientAddress: clientAddressOf(c), via: 'http' });
      throw error;
    }
    await next();
  });
  api.use('*', async (c, next) => {
    c.set('policy', await deps.governance.policies.get(c.get('principal').orgId));
    await next();
  });
  api.use('*', bodyLimit({ maxSize: config.maxBodyBytes, onError: () => { throw payloadTooLarge(config.maxBodyBytes); } }));
  api.route('/', identityRoutes({ people: deps.people }));
  api.route('/', adminRoutes({ store, governance: deps.governance }));
  const idempotency = new Idempotency(deps.storage.idempotency, config.commitQueueTimeoutMs);
  api.route('/artifacts', artifactRoutes({ store, documents, audit: deps.audit, idempotency }));
  api.route('/artifacts', versionRoutes({ ...deps, store, idempotency, notifier: deps.webhooks }));
  api.route('/', webhookRoutes({ store, webhooks: deps.storage.webhooks, notifier: deps.webhooks }));
  api.route('/artifacts', sharingRoutes({ store, documents }));
  api.route('/artifacts', remixRoutes({ store, versions: deps.versions, documents }));
  api.route('/artifacts', commentRoutes({ store, comments: deps.storage.comments, people: deps.people, documents, idempotency, logger, notify: deps.notifyComment }));
  api.route('/comments', commentQueueRoutes({ store, comments: deps.storage.comments }));
  api.route('/hooks', hookRoutes({ store, documents, hookSessions: deps.storage.hookSessions }));
  api.route('/compliance', complianceRoutes({ store, storage: deps.storage, documents, audit: deps.audit, logger, appOrigin: deps.appOrigin }));
  api.all('*', () => {
    throw notFound('route');
  });
  app.route('/api', api);
  // Tool calls go through `app` itself, so they meet every route and middleware above.
  app.route('/', mcpRoutes({ config, authenticator: deps.mcpAuthenticator, fetchApp: (request, env) => app.fetch(request, env), appOrigin: deps.appOrigin, issuer: () => deps.identity().issuer, audit: deps.audit, logger }));
  app.route('/', clientRoutes(config.clientDist, deps.usercontentOrigin, () => deps.identity().issuer));
  return app;
}
