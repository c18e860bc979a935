import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { unauthorized } from '../errors.ts';
import type { Authenticator } from './index.ts';
import { principalFromClaims, type AccessClaims } from './claims.ts';

export interface OidcSettings {
  /** Realm URL, e.g. http://127.0.0.1:18180/realms/artifacts; tokens must carry exactly this `iss`. */
  issuer: string;
  /** The API's audience (its client in Keycloak, whose client roles count); tokens must list it in `aud` unless `audiences` says otherwise. */
  audience: string;
  /**
   * The audiences accepted instead of `audience` (a token must list one of them in `aud`): the
   * MCP endpoint accepts its resource URL (RFC 8707) and `MCP_AUDIENCE`, never the API's.
   */
  audiences?: readonly string[];
  /** Clients whose tokens are accepted (`azp`); empty = any client of the issuer. */
  clients: readonly string[];
  /** Defaults to Keycloak's `{issuer}/protocol/openid-connect/certs`. */
  jwksUrl?: string;
  /** Tests inject keys; production fetches the issuer's JWKS. */
  keys?: JWTVerifyGetKey;
  /** Least time between two JWKS fetches (an unknown `kid` triggers one). Default 30 s. */
  jwksCooldownMs?: number;
}

/** Asymmetric algorithms only: `none` and HMAC (a shared secret) are never accepted. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * The OIDC resource server: verifies bearer JWTs against the issuer's JWKS (cached; fetched
 * again when a token names an unknown key, at most every 30 s), pinning issuer, audience,
 * algorithms, expiry, the access-token `typ` and the authorized party. ID tokens, tokens of
 * another realm or audience, and unsigned tokens are refused with 401.
 */
export function oidcAuthenticator(settings: OidcSettings): Authenticator {
  const keys = settings.keys ?? issuerKeys(settings.issuer, settings);
  const audience = settings.audiences ? [...settings.audiences] : settings.audience;
  return {
    async authenticate(token) {
      if (!token) throw unauthorized();
      let claims: AccessClaims & { typ?: unknown; azp?: unknown };
      try {
        ({ payload: claims } = await jwtVerify(token, keys, {
          issuer: settings.issuer,
          audience,
          algorithms: ACCEPTED_ALGORITHMS,
          requiredClaims: ['exp', 'iat', 'sub'],
          clockTolerance: 5,
        }));
      } catch (error) {
        throw unauthorized(reasonOf(error));
      }
      // Keycloak marks access tokens `typ: Bearer`; ID and refresh tokens say `ID` / `Refresh`.
      if (claims.typ !== 'Bearer') throw unauthorized('the token is not an access token');
      if (settings.clients.length && !settings.clients.includes(String(claims.azp))) throw unauthorized('the token was issued to a client this API does not accept');
      const principal = principalFromClaims(claims, settings.audience);
      if (!principal) throw unauthorized('the token names no subject');
      return { ...principal, expiresAtMs: Number((claims as { exp?: unknown }).exp) * 1_000 };
    },
  };
}

/**
 * The issuer's signing keys from its JWKS endpoint, cached; one set serves every audience the
 * server verifies (API and MCP), so an unknown `kid` costs one fetch, not one per verifier.
 */
export function issuerKeys(issuer: string, options: Pick<OidcSettings, 'jwksUrl' | 'jwksCooldownMs'> = {}): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(options.jwksUrl ?? `${issuer}/protocol/openid-connect/certs`), {
    cooldownDuration: options.jwksCooldownMs ?? 30_000,
    cacheMaxAge: 10 * 60_000,
    timeoutDuration: 5_000,
  });
}

/** A human reason that reveals nothing about keys or the token's content. */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired; sign in again';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token is not for this server (${error.claim})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm this server does not accept';
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) return 'the token signature is not valid';
  return 'the token is not valid';
}
