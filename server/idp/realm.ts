import { createHash } from 'node:crypto';
import type { ClientMetadata } from 'oidc-provider';

/**
 * The embedded IdP's realm: the same demo users, organizations and clients as the development
 * Keycloak realm (infra/keycloak/artifacts-realm.json). Password = user name. Development only.
 */

export type RealmRole = 'artifact-author' | 'artifact-viewer' | 'org-admin' | 'auditor';

export interface RealmUser {
  username: string;
  /** Stable across restarts (artifacts store it as the owner), UUID-shaped like Keycloak's. */
  id: string;
  firstName: string;
  lastName: string;
  org: 'acme' | 'globex';
  roles: readonly RealmRole[];
  groups: readonly string[];
}

/** The API's audience, as the Keycloak audience mapper adds it. */
export const API_AUDIENCE = 'artifacts-api';
/** The resource indicator (RFC 8707) that stands for the API; tokens for it say `aud: artifacts-api`. */
export const API_RESOURCE = 'urn:live-artifacts:artifacts-api';
/** Keycloak's default client scopes: every token lists them, whatever the client asked for. */
export const DEFAULT_SCOPES = ['profile', 'email', 'organization'] as const;
/** Keycloak adds its default realm roles to every user's `realm_access.roles`. */
const KEYCLOAK_DEFAULT_ROLES = ['offline_access', 'default-roles-artifacts', 'uma_authorization'];
/** Keycloak's realm `accessTokenLifespan`. */
export const ACCESS_TOKEN_TTL_S = 300;

function user(username: string, lastName: string, org: RealmUser['org'], roles: RealmRole[], groups: string[] = []): RealmUser {
  return { username, id: stableId(username), firstName: username[0]!.toUpperCase() + username.slice(1), lastName, org, roles, groups };
}

export const USERS: readonly RealmUser[] = [
  user('alice', 'Anders', 'acme', ['artifact-author'], ['acme-sre']),
  user('bob', 'Baker', 'acme', ['artifact-author'], ['acme-sre']),
  user('carol', 'Chen', 'globex', ['artifact-author'], ['globex-eng']),
  user('audrey', 'Auditor', 'acme', ['auditor']),
  user('adam', 'Admin', 'acme', ['org-admin']),
  user('vic', 'Viewer', 'acme', ['artifact-viewer']),
];

/** The `artifacts-agent` client's service account (a member of acme, like in the Keycloak realm). */
export const AGENT_CLIENT_ID = 'artifacts-agent';
export const SERVICE_ACCOUNT: RealmUser = { ...user(`service-account-${AGENT_CLIENT_ID}`, '', 'acme', ['artifact-author']), firstName: '' };

export function findUser(idOrName: string): RealmUser | undefined {
  if (idOrName === SERVICE_ACCOUNT.id) return SERVICE_ACCOUNT;
  return USERS.find((u) => u.id === idOrName || u.username === idOrName);
}

export function realmRoles(u: RealmUser): string[] {
  return [...KEYCLOAK_DEFAULT_ROLES, ...u.roles];
}

/** The public client MCP clients (Claude Code, Codex, the MCP Inspector) sign in with: no dynamic registration here. */
export const MCP_CLIENT_ID = 'artifacts-mcp';

/** The public client the web app signs in with (authorization code + PKCE). */
export const WEB_CLIENT_ID = 'artifacts-web';

/**
 * The clients, for the app at `appOrigin` (the embedded IdP is mounted on it). Redirect URIs are
 * exact (oidc-provider compares whole URLs): the web app comes back to its own root and keeps the
 * page it left aside (client/app/auth), so an authorization code is only ever sent to the app
 * itself, never to whoever listens on some loopback port. The CLI signs in with the device flow
 * and needs no redirect at all; a native client that did would get RFC 8252's any-port loopback
 * match from oidc-provider for `application_type: 'native'`.
 */
export function realmClients(appOrigin: string): ClientMetadata[] {
  const root = `${new URL(appOrigin).origin}/`;
  return [
    {
      client_id: WEB_CLIENT_ID,
      client_name: 'Live Artifacts web app',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [root],
      post_logout_redirect_uris: [root],
    },
    {
      client_id: 'artifacts-cli',
      client_name: 'Live Artifacts CLI and tests',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['password', 'urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
      response_types: [],
      redirect_uris: [],
    },
    {
      // RFC 8252: a native app receives the code on a loopback port of its choosing, which
      // oidc-provider matches for `application_type: 'native'` whatever the port. Tokens are for
      // the MCP endpoint only (`aud` = its URL). The password grant is for tests and scripts of
      // this development IdP, as `directAccessGrantsEnabled` in the development Keycloak realm.
      client_id: MCP_CLIENT_ID,
      client_name: 'Live Artifacts MCP clients',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token', 'password'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/callback', 'http://localhost/callback'],
    },
    {
      client_id: AGENT_CLIENT_ID,
      client_name: 'Live Artifacts pipeline agent',
      client_secret: 'artifacts-agent-secret',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
  ];
}

/** A UUID-shaped id derived from the user name, so a user keeps it across restarts. */
function stableId(username: string): string {
  const h = createHash('sha256').update(`live-artifacts/embedded-idp/${username}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
