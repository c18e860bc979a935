import { randomUUID } from 'node:crypto';
import {
  bearerAuthChallengeResponse,
  buildOAuthProtectedResourceMetadata,
  createMcpHandler,
  getOAuthProtectedResourceMetadataUrl,
  hostHeaderValidationResponse,
  McpServer,
  OAuthError,
  OAuthErrorCode,
  type AuthInfo,
} from '@modelcontextprotocol/server';
import { Hono } from 'hono';
import { registerTools } from '#shared/mcp';
import { recordRefusal, type AuditWriter } from '../audit/index.ts';
import { bearerToken, type Authenticator } from '../auth/index.ts';
import { mcpResourceUrl } from '../auth/identity.ts';
import type { Config } from '../config.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { clientAddressOf } from '../http/audit-context.ts';
import type { AppEnv, McpDispatch } from '../http/context.ts';
import type { Logger } from '../log.ts';
import { inProcessRequester, type AppFetch } from './dispatch.ts';

export interface McpDeps {
  config: Readonly<Config>;
  /** Verifies MCP tokens: the API's resource-server code, the MCP audiences (auth/identity.ts). */
  authenticator: Authenticator;
  /** The HTTP app itself, which every tool call goes through. */
  fetchApp: AppFetch;
  appOrigin: () => string;
  /** The configured issuer (embedded or OIDC_ISSUER), named as the authorization server. */
  issuer: () => string;
  audit: AuditWriter;
  logger: Logger;
}

/** Scopes a token for this endpoint carries (Keycloak's default client scopes); none is required beyond the audience. */
const SCOPES = ['openid', 'profile', 'email', 'organization'];
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The MCP endpoint: Streamable HTTP at `/mcp`, an OAuth 2.1 protected resource of the configured
 * issuer (RFC 9728 metadata, `WWW-Authenticate` on 401, tokens whose audience is this resource,
 * RFC 8707). Stateless: every POST is served by a fresh McpServer for its caller and nothing is
 * kept between requests, so any instance behind a load balancer can answer any request.
 * Nothing is read from the body before the token is verified; the body is bounded like the API's.
 */
export function mcpRoutes(deps: McpDeps): Hono<AppEnv> {
  const { config, logger } = deps;
  const app = new Hono<AppEnv>();
  const resource = () => new URL(mcpResourceUrl(deps.appOrigin()));
  const metadataUrl = () => getOAuthProtectedResourceMetadataUrl(resource());

  const handler = createMcpHandler(
    ({ authInfo }) => {
      const dispatch = authInfo?.extra?.['dispatch'] as McpDispatch | undefined;
      // The gate below always passes one; a request without it never reaches here.
      if (!dispatch) throw new Error('an MCP request without a verified caller');
      const server = new McpServer(
        { name: 'live-artifacts', version: '0.1.0' },
        { instructions: 'Live Artifacts: live, versioned web pages you build with ops. Call learn_ops once, then create_artifact (or list_artifacts to find one) and apply_ops; share the returned URL.' },
      );
      registerTools(server, inProcessRequester(deps.fetchApp, deps.appOrigin(), dispatch), { appOrigin: deps.appOrigin(), newIdempotencyKey: randomUUID });
      return server;
    },
    { maxRequestBodySize: config.maxBodyBytes, onerror: (error) => logger.warn({ err: error }, 'MCP request failed') },
  );

  // RFC 9728: where a client that got 401 learns which authorization server to sign in with.
  app.get('/.well-known/oauth-protected-resource/mcp', (c) => {
    const issuer = deps.issuer();
    const metadata = buildOAuthProtectedResourceMetadata({
      // Only the issuer is read from it: clients fetch the rest from the issuer itself.
      oauthMetadata: { issuer, authorization_endpoint: `${issuer}/protocol/openid-connect/auth`, token_endpoint: `${issuer}/protocol/openid-connect/token`, response_types_supported: ['code'] },
      resourceServerUrl: resource(),
      scopesSupported: SCOPES,
      resourceName: 'Live Artifacts',
      // The embedded IdP (development) is served over plain HTTP on the app's own origin.
      dangerouslyAllowInsecureIssuerUrl: !config.oidc,
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ ...metadata, bearer_methods_supported: ['header'] });
  });

  // Clients probe further well-known documents (RFC 8414 on this origin, ...): a clear 404,
  // never the web app's page fallback, so they go on to the issuer's own metadata.
  app.all('/.well-known/*', () => {
    throw notFound('document');
  });

  app.all('/mcp', async (c) => {
    // DNS rebinding: the Host must be the app's (or loopback when it listens on loopback).
    const hosts = [new URL(deps.appOrigin()).hostname, ...(LOOPBACK_HOSTS.includes(config.host) || /^127\./.test(config.host) ? LOOPBACK_HOSTS : [])];
    const badHost = hostHeaderValidationResponse(c.req.raw, hosts.map((h) => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h)));
    if (badHost) return badHost;
    // A browser page may call only from the app's origin or one listed in MCP_ALLOWED_ORIGINS;
    // MCP clients outside browsers send no Origin.
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== new URL(deps.appOrigin()).origin && !config.mcp.allowedOrigins.includes(origin)) {
      throw forbidden(`requests from ${origin} may not use the MCP endpoint; list it in MCP_ALLOWED_ORIGINS`);
    }
    const clientAddress = clientAddressOf(c);
    let dispatch: McpDispatch;
    try {
      dispatch = { session: await deps.authenticator.authenticate(bearerToken(c.req.raw.headers)), clientAddress };
    } catch (error) {
      await recordRefusal(deps.audit, logger, error, { clientAddress, via: 'http', route: 'mcp' });
      if (!(error instanceof AppError) || error.status !== 401) throw error;
      c.header('Cache-Control', 'no-store');
      return bearerAuthChallengeResponse(new OAuthError(OAuthErrorCode.InvalidToken, error.message), { resourceMetadataUrl: metadataUrl() });
    }
    const { session } = dispatch;
    // The token itself stays here: tools act through `dispatch`, never with the token.
    const authInfo: AuthInfo = { token: '', clientId: session.userId, scopes: [], ...(session.expiresAtMs ? { expiresAt: Math.floor(session.expiresAtMs / 1000) } : {}), extra: { dispatch } };
    return handler.fetch(c.req.raw, { authInfo });
  });

  return app;
}
