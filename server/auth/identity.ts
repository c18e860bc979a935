import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet } from 'jose';
import type { Config } from '../config.ts';
import { unavailable } from '../errors.ts';
import { resolveClient } from '../client-address.ts';
import { createEmbeddedIdp, type EmbeddedIdp } from '../idp/index.ts';
import { API_AUDIENCE, USERS } from '../idp/realm.ts';
import type { Logger } from '../log.ts';
import type { IdpEntryStore, PeopleStore } from '../store/index.ts';
import { recordingPeople } from './directory.ts';
import type { Authenticator } from './index.ts';
import { keycloakMembership, MembershipGuard } from './membership.ts';
import { issuerKeys, oidcAuthenticator } from './oidc.ts';

/** The MCP endpoint's resource identifier (RFC 8707 / RFC 9728): its URL, `<app origin>/mcp`. */
export function mcpResourceUrl(appOrigin: string): string {
  return `${new URL(appOrigin).origin}/mcp`;
}

/** Who issues tokens, as the web app needs to know before it signs in. */
export interface IdentityInfo {
  issuer: string;
  webClientId: string;
}

export interface Identity {
  authenticator: Authenticator;
  /**
   * Verifies tokens for the MCP endpoint: the same resource-server code and checks as the API's,
   * but the audience must be the endpoint's resource URL or `MCP_AUDIENCE` (never the API's).
   * Ready once `start` has run (the resource URL includes the app's origin).
   */
  mcpAuthenticator: Authenticator;
  /** Set once the server listens (the embedded IdP's issuer includes the app's origin). */
  info(): IdentityInfo;
  /** Checks open sockets' org membership, when the IdP can tell. */
  membership: MembershipGuard | undefined;
  /** Requests under `/realms/` go here when the IdP is embedded. */
  idpHandler(): ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  /** Called with the app's public origin once it listens. */
  start(appOrigin: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Composes identity: an external IdP (`OIDC_ISSUER`, Keycloak) or the embedded one (server/idp)
 * mounted on the app's own origin at `/realms/artifacts`. Either way tokens are verified by the
 * same resource-server code (auth/oidc.ts); only where the keys come from differs. Everyone who
 * signs in is remembered in the directory; with an admin client, org membership is rechecked.
 */
export function createIdentity(config: Readonly<Config>, idpEntries: IdpEntryStore, people: PeopleStore, logger: Logger, injected?: Authenticator): Identity {
  const membership = config.oidc && config.membership
    ? new MembershipGuard(keycloakMembership({ issuer: config.oidc.issuer, ...config.membership }), config.membership.intervalMs, logger)
    : undefined;
  const keys = config.oidc ? issuerKeys(config.oidc.issuer) : undefined;
  const external = config.oidc && keys ? oidcAuthenticator({ issuer: config.oidc.issuer, audience: config.oidc.audience, clients: config.oidc.clients, keys }) : undefined;
  let embedded: { idp: EmbeddedIdp; authenticator: Authenticator } | undefined;
  let mcpVerifier: Authenticator | undefined;

  const base: Authenticator = injected ?? external ?? {
    authenticate: (token) => {
      if (!embedded) throw unavailable('the identity provider is starting; try again in a moment');
      return embedded.authenticator.authenticate(token);
    },
  };
  const mcpBase: Authenticator = injected ?? {
    authenticate: (token) => {
      if (!mcpVerifier) throw unavailable('the identity provider is starting; try again in a moment');
      return mcpVerifier.authenticate(token);
    },
  };
  const guarded = (a: Authenticator) => recordingPeople(membership ? membership.guard(a) : a, people, logger);

  return {
    authenticator: guarded(base),
    mcpAuthenticator: guarded(mcpBase),
    membership,
    info: () => ({
      issuer: config.oidc?.issuer ?? embedded?.idp.issuer ?? '',
      webClientId: config.oidc?.webClientId ?? 'artifacts-web',
    }),
    idpHandler: () => embedded?.idp.handler,
    async start(appOrigin) {
      const audiences = [mcpResourceUrl(appOrigin), config.mcp.audience];
      if (config.oidc && keys) {
        mcpVerifier ??= oidcAuthenticator({ issuer: config.oidc.issuer, audience: config.oidc.audience, audiences, clients: config.oidc.clients, keys });
        return;
      }
      if (embedded) return;
      const idp = await createEmbeddedIdp({ baseUrl: appOrigin, keysDir: path.join(config.dataDir, 'idp'), entries: idpEntries, accessTokenTtlS: config.embeddedIdpTokenTtlS, clientAddress: (req) => resolveClient(req.socket.remoteAddress, req.headers, config.trustedProxies).address });
      // The keys are in this process: no HTTP round trip to our own JWKS endpoint.
      const localKeys = createLocalJWKSet(idp.publicJwks);
      embedded = { idp, authenticator: oidcAuthenticator({ issuer: idp.issuer, audience: API_AUDIENCE, clients: config.oidcClients, keys: localKeys }) };
      mcpVerifier = oidcAuthenticator({ issuer: idp.issuer, audience: API_AUDIENCE, audiences, clients: config.oidcClients, keys: localKeys });
      // The embedded realm knows all its people: offer them in the share dialog before they first sign in.
      await people.upsert(USERS.map((u) => ({ userId: u.id, orgId: u.org, name: `${u.firstName} ${u.lastName}`, groups: u.groups })));
    },
    async close() {
      await embedded?.idp.close();
    },
  };
}
