import type { Account, AccessToken, ClientCredentials, FindAccount, JWTStructured, KoaContextWithOIDC, UnknownObject } from 'oidc-provider';
import { DEFAULT_SCOPES, findUser, realmRoles, SERVICE_ACCOUNT, type RealmUser } from './realm.ts';

/**
 * The claims Keycloak's mappers put into an access token of the development realm: `typ`,
 * `azp`, the profile and e-mail claims, `realm_access.roles`, `organization` (a list of
 * aliases) and `groups` (names, absent when the user has none). See infra/keycloak/README.md.
 */
export function keycloakAccessClaims(u: RealmUser, clientId: string): UnknownObject {
  const isService = u === SERVICE_ACCOUNT;
  return {
    typ: 'Bearer',
    azp: clientId,
    preferred_username: u.username,
    ...(isService
      ? { client_id: clientId }
      : {
          name: `${u.firstName} ${u.lastName}`,
          given_name: u.firstName,
          family_name: u.lastName,
          email: emailOf(u),
          email_verified: true,
        }),
    realm_access: { roles: realmRoles(u) },
    organization: [u.org],
    ...(u.groups.length ? { groups: [...u.groups] } : {}),
  };
}

/** `extraTokenClaims`: the Keycloak claims for the token's user, or the agent's service account. */
export function extraTokenClaims(_ctx: KoaContextWithOIDC, token: AccessToken | ClientCredentials): UnknownObject | undefined {
  const u = token.kind === 'ClientCredentials' ? SERVICE_ACCOUNT : findUser(token.accountId);
  return u && token.clientId ? keycloakAccessClaims(u, token.clientId) : undefined;
}

/**
 * `formats.customizers.jwt`: what `extraTokenClaims` cannot set because oidc-provider writes it
 * afterwards (it edits `parts` in place). Client-credentials tokens name the service account as `sub` (Keycloak does; the
 * API stores `sub` as the owner), and `scope` always lists Keycloak's default client scopes.
 */
export function customizeJwt(_ctx: KoaContextWithOIDC, token: AccessToken | ClientCredentials, parts: JWTStructured): void {
  if (token.kind === 'ClientCredentials') parts.payload.sub = SERVICE_ACCOUNT.id;
  const granted = typeof parts.payload.scope === 'string' ? parts.payload.scope.split(' ') : [];
  parts.payload.scope = [...new Set([...granted, ...DEFAULT_SCOPES])].join(' ');
}

/** `findAccount`: demo users only; ID token and userinfo claims follow the requested scopes. */
export const findAccount: FindAccount = (_ctx, sub) => {
  const u = findUser(sub);
  if (!u || u === SERVICE_ACCOUNT) return undefined;
  const account: Account = {
    accountId: u.id,
    claims: () => ({
      sub: u.id,
      preferred_username: u.username,
      name: `${u.firstName} ${u.lastName}`,
      given_name: u.firstName,
      family_name: u.lastName,
      email: emailOf(u),
      email_verified: true,
      organization: [u.org],
      ...(u.groups.length ? { groups: [...u.groups] } : {}),
    }),
  };
  return account;
};

/** The OIDC scopes and the claims each one releases in ID tokens and userinfo. */
export const CLAIMS_BY_SCOPE: Record<string, string[]> = {
  openid: ['sub', 'groups'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  email: ['email', 'email_verified'],
  organization: ['organization'],
};

function emailOf(u: RealmUser): string {
  return `${u.username}@${u.org}.test`;
}
