import type Provider from 'oidc-provider';

/**
 * Keycloak's refresh tokens are JWTs, and keycloak-js decodes the refresh token it gets (for its
 * expiry); oidc-provider's are opaque random ids. So the embedded IdP hands out its opaque id
 * wrapped in an unsigned JWT shape, `<header>.<payload>.<id>`, whose payload says `typ: Refresh`
 * and `exp`, and unwraps it again wherever a refresh token comes back (token, revocation and
 * introspection endpoints all look it up through `RefreshToken.find`). The id stays the only
 * secret; the wrapper adds nothing to trust, and the API refuses it (`alg: none`, not a Bearer).
 */
export function jwtShapedRefreshTokens(provider: Provider, issuer: string): void {
  const RefreshToken = provider.RefreshToken as unknown as {
    prototype: { getValueAndPayload(this: { jti: string }): Promise<{ value: string; payload?: { exp?: number } }> };
    find(value: unknown, options?: unknown): Promise<unknown>;
  };
  const getValueAndPayload = RefreshToken.prototype.getValueAndPayload;
  RefreshToken.prototype.getValueAndPayload = async function wrapped() {
    const result = await getValueAndPayload.call(this);
    return { ...result, value: wrap(result.value, { typ: 'Refresh', iss: issuer, exp: result.payload?.exp }) };
  };
  const find = RefreshToken.find.bind(RefreshToken);
  RefreshToken.find = (value, options) => find(typeof value === 'string' ? unwrap(value) : value, options);
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');

function wrap(id: string, claims: Record<string, unknown>): string {
  return `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${id}`;
}

function unwrap(value: string): string {
  const parts = value.split('.');
  return parts.length === 3 && parts[0] === HEADER ? (parts[2] as string) : value;
}
