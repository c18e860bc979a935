import { createHash, timingSafeEqual } from 'node:crypto';
import { errors, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';
import type Provider from 'oidc-provider';
import type { IncomingMessage } from 'node:http';
import { findAccount } from './claims.ts';
import { retryAfterText, type LoginThrottle } from './login-throttle.ts';
import { DEFAULT_SCOPES, USERS, type RealmUser } from './realm.ts';

/** The resource (RFC 8707) a client's token is for: the one asked for if the client may have it, else its default; undefined = not allowed. */
export type ResourceResolver = (clientId: string, requested: string | undefined) => { indicator: string; server: ResourceServer } | undefined;

/** The scopes a client may ask for (Keycloak's default and optional client scopes we model). */
export const OIDC_SCOPES = ['openid', 'offline_access', ...DEFAULT_SCOPES] as const;

export const PASSWORD_GRANT_PARAMS = ['username', 'password', 'scope', 'resource'];

/**
 * The resource owner password grant (RFC 6749 §4.3), which oidc-provider does not ship: for the
 * demo users of the `artifacts-cli` client only, as in the development Keycloak realm. Answers
 * like Keycloak: an access token for the API, a refresh token, and an ID token when `openid`
 * was asked for. Wrong credentials: 400 `invalid_grant`; after too many of them for the account
 * or from the address (see `LoginThrottle`), 429 `invalid_grant` with `Retry-After`.
 */
export function passwordGrant(provider: Provider, resources: ResourceResolver, throttle: LoginThrottle, clientAddress: (req: IncomingMessage) => string | null) {
  return async function passwordGrantHandler(ctx: KoaContextWithOIDC): Promise<void> {
    const { client, params } = ctx.oidc;
    if (!client || !params) throw new errors.InvalidRequest('no client');
    const username = typeof params.username === 'string' ? params.username : '';
    const address = clientAddress(ctx.req);
    const verdict = throttle.check(username, address);
    if (!verdict.allowed) {
      ctx.set('Retry-After', String(Math.ceil(verdict.retryAfterMs / 1000)));
      throw new TooManyFailedLogins(verdict.retryAfterMs);
    }
    const u = checkCredentials(params.username, params.password);
    if (!u) {
      throttle.fail(username, address);
      throw new errors.InvalidGrant('invalid user credentials');
    }
    throttle.succeed(username);
    const target = resources(client.clientId, typeof params.resource === 'string' ? params.resource : undefined);
    if (!target) throw new errors.InvalidTarget();
    const { indicator, server: resourceServer } = target;

    const requested = typeof params.scope === 'string' ? params.scope.split(' ').filter(Boolean) : [];
    const unknown = requested.filter((s) => !(OIDC_SCOPES as readonly string[]).includes(s));
    if (unknown.length) throw new errors.InvalidScope('requested scope is not allowed', unknown.join(' '));
    const scope = [...new Set([...requested, ...DEFAULT_SCOPES])].join(' ');

    const grant = new provider.Grant({ accountId: u.id, clientId: client.clientId });
    grant.addOIDCScope(scope);
    grant.addResourceScope(indicator, resourceServer.scope);
    const grantId = await grant.save();

    const at = new provider.AccessToken({
      accountId: u.id,
      client,
      grantId,
      gty: 'password',
      scope: resourceServer.scope,
      resourceServer: new provider.ResourceServer(indicator, resourceServer),
    });
    ctx.oidc.entity('AccessToken', at);
    const accessToken = await at.save();

    const authTime = Math.floor(Date.now() / 1000);
    let refreshToken: string | undefined;
    let refreshExpiresIn: number | undefined;
    if (client.grantTypeAllowed('refresh_token')) {
      const rt = new provider.RefreshToken({ accountId: u.id, client, grantId, gty: 'password', scope, resource: indicator, rotations: 0, authTime });
      ctx.oidc.entity('RefreshToken', rt);
      refreshToken = await rt.save();
      refreshExpiresIn = rt.expiration;
    }

    let idToken: string | undefined;
    if (requested.includes('openid')) {
      const account = await findAccount(ctx, u.id);
      if (!account) throw new errors.InvalidGrant('unknown user');
      const token = new provider.IdToken({ ...(await account.claims('id_token', scope, {}, [])), auth_time: authTime }, { ctx });
      Object.assign(token, { scope });
      token.set('at_hash', accessToken);
      token.set('typ', 'ID');
      token.set('azp', client.clientId);
      idToken = await token.issue({ use: 'idtoken' });
    }

    ctx.body = {
      access_token: accessToken,
      expires_in: at.expiration,
      refresh_expires_in: refreshExpiresIn,
      refresh_token: refreshToken,
      id_token: idToken,
      token_type: at.tokenType,
      scope,
    };
  };
}

/** 429, still `invalid_grant` for OAuth clients: the credentials were not even checked. */
class TooManyFailedLogins extends errors.OIDCProviderError {
  constructor(retryAfterMs: number) {
    super(429, 'invalid_grant');
    this.error_description = `too many failed sign-in attempts; try again in ${retryAfterText(retryAfterMs)}`;
  }
}

/** Password = user name, compared in constant time over digests (the lengths differ). */
function checkCredentials(username: unknown, password: unknown): RealmUser | undefined {
  if (typeof username !== 'string' || typeof password !== 'string') return undefined;
  const u = USERS.find((x) => x.username === username);
  const digest = (s: string) => createHash('sha256').update(s).digest();
  const ok = timingSafeEqual(digest(password), digest(u ? u.username : `\0${username}`));
  return u && ok ? u : undefined;
}
