import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Authenticator } from '../auth/index.ts';
import { bearerToken } from '../auth/index.ts';
import type { Config } from '../config.ts';
import { notFound, payloadTooLarge } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { PublicConfig } from '#shared/api';
import type { IdentityInfo } from '../auth/identity.ts';
import type { ArtifactStore, PeopleStore } from '../store/index.ts';
import { artifactRoutes } from './artifacts.ts';
import type { AppEnv } from './context.ts';
import { errorResponse } from './errors.ts';
import { identityRoutes } from './identity.ts';
import { clientRoutes } from './static.ts';
import { sharingRoutes } from './sharing.ts';
import { versionRoutes, type VersionRoutesDeps } from './versions.ts';

export interface HttpDeps extends Omit<VersionRoutesDeps, 'store'> {
  config: Readonly<Config>;
  store: ArtifactStore;
  people: PeopleStore;
  authenticator: Authenticator;
  /** The IdP the web app signs in with. */
  identity: () => IdentityInfo;
  logger: Logger;
}

export function createHttpApp(deps: HttpDeps): Hono<AppEnv> {
  const { config, store, documents, authenticator, logger } = deps;
  const app = new Hono<AppEnv>();
  app.onError((error, c) => errorResponse(error, c, logger));

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/api/config', (c) => {
    const { issuer, webClientId } = deps.identity();
    const body: PublicConfig = { oidc: { issuer, clientId: webClientId }, usercontentOrigin: deps.usercontentOrigin(), collabPath: config.collabPath };
    return c.json(body);
  });

  const api = new Hono<AppEnv>();
  api.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.set('principal', await authenticator.authenticate(bearerToken(c.req.raw.headers)));
    await next();
  });
  api.use('*', bodyLimit({ maxSize: config.maxBodyBytes, onError: () => { throw payloadTooLarge(config.maxBodyBytes); } }));
  api.route('/', identityRoutes({ people: deps.people }));
  api.route('/artifacts', artifactRoutes({ store, documents }));
  api.route('/artifacts', versionRoutes({ ...deps, store }));
  api.route('/artifacts', sharingRoutes({ store, documents }));
  api.all('*', () => {
    throw notFound('route');
  });
  app.route('/api', api);
  app.route('/', clientRoutes(config.clientDist, deps.usercontentOrigin, () => deps.identity().issuer));
  return app;
}
