import type { Principal, Role } from '#policies';

const ROLES: readonly Role[] = ['artifact-author', 'artifact-viewer', 'org-admin', 'auditor'];

/** The claims of a Keycloak access token that identity depends on. */
export interface AccessClaims {
  sub?: unknown;
  preferred_username?: unknown;
  name?: unknown;
  realm_access?: unknown;
  resource_access?: unknown;
  groups?: unknown;
  /** Keycloak 26 organizations: `["acme"]`, or `{"acme": {...}}` with attributes. */
  organization?: unknown;
}

/**
 * The one function that maps a verified token to a principal: user id, display name (the
 * `name` claim, else the user name), org, roles
 * (realm roles plus this API's client roles) and groups. A token without exactly one
 * organization yields no org, and with it no artifacts.
 */
export function principalFromClaims(claims: AccessClaims, apiClientId: string): Principal | undefined {
  if (typeof claims.sub !== 'string' || !claims.sub) return undefined;
  const realmRoles = stringList((claims.realm_access as { roles?: unknown } | undefined)?.roles);
  const clientRoles = stringList(((claims.resource_access as Record<string, { roles?: unknown }> | undefined) ?? {})[apiClientId]?.roles);
  const roles = ROLES.filter((r) => realmRoles.includes(r) || clientRoles.includes(r));
  const orgs = organizations(claims.organization);
  return {
    userId: claims.sub,
    name: nonEmpty(claims.name) ?? nonEmpty(claims.preferred_username) ?? claims.sub,
    orgId: orgs.length === 1 ? (orgs[0] as string) : '',
    roles,
    groups: stringList(claims.groups).map((g) => g.replace(/^\//, '')),
  };
}

function organizations(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((o): o is string => typeof o === 'string');
  if (claim && typeof claim === 'object') return Object.keys(claim);
  return typeof claim === 'string' ? [claim] : [];
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
