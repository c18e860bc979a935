import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JSONWebKeySet, JWK as PublicJwk } from 'jose';
import Provider, { errors, type Configuration, type JWK, type ResourceServer } from 'oidc-provider';
import { CLAIMS_BY_SCOPE, customizeJwt, extraTokenClaims, findAccount } from './claims.ts';
import { normalizeAddress } from '../client-address.ts';
import type { IdpEntryStore } from '../store/index.ts';
import { loadOrCreateCookieKeys, loadOrCreateSigningKeys } from './keys.ts';
import { sqlStore, type IdpStoreLimits } from './store.ts';
import { handleInteraction, interactionPath } from './login.ts';
import { LoginThrottle, type LoginThrottleOptions } from './login-throttle.ts';
import { PAGES } from './pages.ts';
import { jwtShapedRefreshTokens, unwrapTokenParameter } from './refresh-token.ts';
import { OIDC_SCOPES, PASSWORD_GRANT_PARAMS, passwordGrant, type ResourceResolver } from './password-grant.ts';
import { ACCESS_TOKEN_TTL_S, API_AUDIENCE, API_RESOURCE, DEFAULT_SCOPES, MCP_CLIENT_ID, realmClients, WEB_CLIENT_ID } from './realm.ts';

export interface EmbeddedIdpOptions {
  /** Where the IdP is reached, e.g. `http://127.0.0.1:8080`; the issuer is `<baseUrl>/realms/artifacts`. */
  baseUrl: string;
  /** Directory for the token and cookie signing keys (`jwks.json`, `cookie-keys.json`, mode 0600), e.g. `${DATA_DIR}/idp`. */
  keysDir: string;
  /** Where the IdP keeps its sessions, codes, grants and refresh tokens (migration 8). */
  entries: IdpEntryStore;
  /** Bounds of that state (defaults: `DEFAULT_IDP_STORE_LIMITS`); tests pass small ones. */
  storeLimits?: Partial<IdpStoreLimits>;
  /** Access- and ID-token lifetime; Keycloak's realm default (300 s) when unset. */
  accessTokenTtlS?: number;
  /** Limits on wrong passwords (defaults: `DEFAULT_LOGIN_THROTTLE`); tests pass their own clock. */
  loginThrottle?: Partial<LoginThrottleOptions>;
  /** The client address of a request, for the login throttle (default: the TCP peer; the server passes its TRUSTED_PROXIES-aware one). */
  clientAddress?: (req: IncomingMessage) => string | null;
}

export interface EmbeddedIdp {
  /** Node HTTP handler for requests whose path starts with `/realms/artifacts` (anything else: 404). */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  issuer: string;
  /** The public signing keys (what `{issuer}/protocol/openid-connect/certs` serves). */
  publicJwks: JSONWebKeySet;
  close(): Promise<void>;
}

/** Keycloak's endpoint paths, relative to the issuer. */
const ROUTES = {
  authorization: '/protocol/openid-connect/auth',
  token: '/protocol/openid-connect/token',
  jwks: '/protocol/openid-connect/certs',
  userinfo: '/protocol/openid-connect/userinfo',
  end_session: '/protocol/openid-connect/logout',
  revocation: '/protocol/openid-connect/revoke',
  introspection: '/protocol/openid-connect/token/introspect',
  device_authorization: '/protocol/openid-connect/auth/device',
  code_verification: '/device',
  pushed_authorization_request: '/protocol/openid-connect/ext/par/request',
  registration: '/clients-registrations/openid-connect',
  backchannel_authentication: '/protocol/openid-connect/ext/ciba/auth',
} as const;

/** A resource server with JWT access tokens (RS256) for `audience`: the API (`artifacts-api`) or the MCP endpoint (its URL). */
function resourceServer(audience: string, accessTokenTtlS: number): ResourceServer {
  return {
    scope: DEFAULT_SCOPES.join(' '),
    audience,
    accessTokenFormat: 'jwt',
    accessTokenTTL: accessTokenTtlS,
    jwt: { sign: { alg: 'RS256' } },
  };
}

/**
 * Which client gets tokens for which resource, as the audience mappers of the Keycloak realm
 * decide it: the MCP client for the MCP endpoint (`<app origin>/mcp`), every other client for
 * the API. A client asking for the other resource is refused (`invalid_target`).
 */
function resourcesFor(appOrigin: string, accessTokenTtlS: number): { resolve: ResourceResolver; mcpResource: string } {
  const mcpResource = `${appOrigin}/mcp`;
  const api = resourceServer(API_AUDIENCE, accessTokenTtlS);
  const mcp = resourceServer(mcpResource, accessTokenTtlS);
  const resolve: ResourceResolver = (clientId, requested) => {
    const own = clientId === MCP_CLIENT_ID ? { indicator: mcpResource, server: mcp } : { indicator: API_RESOURCE, server: api };
    return requested === undefined || requested === own.indicator ? own : undefined;
  };
  return { resolve, mcpResource };
}

/**
 * The embedded OpenID provider (oidc-provider) for when no external IdP is configured: the
 * development realm's users and clients, and access tokens shaped like Keycloak's, so the API
 * verifies them with the same code (server/auth/oidc.ts). Sessions, codes, grants and refresh
 * tokens are kept in the database, the token and cookie signing keys in `keysDir`: a restart
 * signs no one out.
 */
export async function createEmbeddedIdp(options: EmbeddedIdpOptions): Promise<EmbeddedIdp> {
  const issuer = `${options.baseUrl.replace(/\/+$/, '')}/realms/artifacts`;
  // The IdP is mounted on the app's origin: the only one its browser clients run on.
  const appOrigin = new URL(options.baseUrl).origin;
  const throttle = new LoginThrottle(options.loginThrottle);
  const clientAddress = options.clientAddress ?? ((req: IncomingMessage) => normalizeAddress(req.socket.remoteAddress));
  const mount = new URL(issuer).pathname;
  const store = sqlStore(options.entries, options.storeLimits);
  await store.sweep(); // what expired while the server was down
  const jwks = await loadOrCreateSigningKeys(options.keysDir);
  const cookieKeys = await loadOrCreateCookieKeys(options.keysDir);
  const ttl = options.accessTokenTtlS ?? ACCESS_TOKEN_TTL_S;
  const resources = resourcesFor(appOrigin, ttl);
  const configuration: Configuration = {
    adapter: store.factory,
    clients: realmClients(appOrigin),
    jwks,
    findAccount,
    claims: CLAIMS_BY_SCOPE,
    scopes: [...OIDC_SCOPES],
    routes: ROUTES,
    cookies: { keys: cookieKeys },
    responseTypes: ['code', 'none'],
    // oidc-provider 9 supports S256 only (Keycloak's realm: S256 required); every client must use it.
    pkce: { required: () => true },
    // Only the web app, from its own origin (Keycloak: the client's web origins). The endpoints
    // oidc-provider opens to every origin (discovery, JWKS, preflights) are closed to others below.
    clientBasedCORS: (_ctx, origin, client) => origin === appOrigin && client.clientId === WEB_CLIENT_ID,
    extraTokenClaims,
    // Like Keycloak: every client allowed the refresh grant gets a refresh token (the web app
    // renews its 5-minute access token with it), not only when `offline_access` was asked for.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    renderError: PAGES.renderError,
    formats: { customizers: { jwt: customizeJwt } },
    interactions: { url: (_ctx, interaction) => interactionPath(mount, interaction.uid) },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true, ...PAGES.device },
      // RFC 7009: a client revokes its own tokens only; another's is answered 200 and left alone.
      revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
      rpInitiatedLogout: { enabled: true, ...PAGES.logout },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, client, oneOf) => {
          const own = resources.resolve(client.clientId, undefined)!.indicator;
          return oneOf && !oneOf.includes(own) ? oneOf : own;
        },
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator, client) => {
          const target = resources.resolve(client.clientId, indicator);
          if (!target) throw new errors.InvalidTarget();
          return target.server;
        },
      },
    },
    ttl: {
      AccessToken: ttl,
      ClientCredentials: ttl,
      IdToken: ttl,
      AuthorizationCode: 60,
      DeviceCode: 600,
      RefreshToken: 1800,
      Interaction: 1800,
      Grant: 10 * 3600,
      Session: 10 * 3600,
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.registerGrantType('password', passwordGrant(provider, resources.resolve, throttle, clientAddress), PASSWORD_GRANT_PARAMS);
  jwtShapedRefreshTokens(provider, issuer);
  const callback = provider.callback();
  const loginPrefix = `${mount}/login-actions/`;
  const tokenLookups = new Set([`${mount}${ROUTES.revocation}`, `${mount}${ROUTES.introspection}`]);

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const pathname = url.split('?')[0] ?? '';
    if (pathname !== mount && !pathname.startsWith(`${mount}/`)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found' }));
      return;
    }
    if (pathname.startsWith(loginPrefix)) {
      handleInteraction(provider, throttle, req, res, clientAddress).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(error instanceof errors.OIDCProviderError ? error.error_description ?? error.message : 'The sign-in could not be completed; start again.');
      });
      return;
    }
    if (req.headers.origin) corsForAppOnly(res, req.headers.origin === appOrigin);
    // As if mounted by express: oidc-provider routes on the rest of the path and builds its
    // URLs from `originalUrl`, so discovery advertises the Keycloak-shaped paths.
    const route = (request: IncomingMessage): void => {
      Object.assign(request, { originalUrl: url });
      request.url = url.slice(mount.length) || '/';
      void callback(request, res);
    };
    if (req.method === 'POST' && tokenLookups.has(pathname)) {
      unwrapTokenParameter(req).then(route, () => res.destroy());
      return;
    }
    route(req);
  };

  return {
    handler,
    issuer,
    publicJwks: { keys: jwks.keys.map(publicPart) },
    close: async () => {
      provider.removeAllListeners();
    },
  };
}

/** A signing key without its private members, as a JWKS endpoint publishes it. */
function publicPart(key: JWK): PublicJwk {
  const { kty, kid, alg, use, n, e, crv, x, y } = key;
  return Object.fromEntries(Object.entries({ kty, kid, alg, use, n, e, crv, x, y }).filter(([, v]) => v !== undefined)) as PublicJwk;
}

/**
 * CORS for the app's own origin only. From it, `Access-Control-Allow-Credentials: true` is added
 * wherever oidc-provider allowed the request (it echoes that exact origin, never `*`), because
 * keycloak-js calls the token endpoint with `credentials: 'include'` and Keycloak answers so.
 * From any other origin every CORS header is dropped, including those oidc-provider sends to
 * all origins (discovery, JWKS, preflights). Done at write time, because presetting any CORS
 * header makes oidc-provider skip its own CORS handling, and with it `clientBasedCORS`.
 */
function corsForAppOnly(res: ServerResponse, fromApp: boolean): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    if (fromApp) {
      const origin = res.getHeader('access-control-allow-origin');
      if (typeof origin === 'string' && origin !== '*') res.setHeader('Access-Control-Allow-Credentials', 'true');
    } else {
      for (const name of res.getHeaderNames()) if (name.startsWith('access-control-')) res.removeHeader(name);
    }
    return writeHead(...args);
  }) as typeof res.writeHead;
}
