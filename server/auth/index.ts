import type { Principal } from '#policies';
import type { IncomingHttpHeaders } from 'node:http';

export type { Principal };

/**
 * The authentication seam: the one place that turns a request's credentials (a bearer token
 * in HTTP, the Hocuspocus auth message on a socket) into a principal. Every route and every
 * socket goes through an Authenticator; the OIDC one replaces the development one without
 * touching them.
 */
export interface Authenticator {
  /** Resolves the principal for a token, or throws AppError 401. `undefined` = no token sent. */
  authenticate(token: string | undefined): Promise<Session>;
}

/** A principal as of one token, which may expire (sockets close then unless it is renewed). */
export type Session = Principal & { expiresAtMs?: number };

/** Reads a bearer token from an Authorization header; never logs it. */
export function bearerToken(headers: IncomingHttpHeaders | Headers): string | undefined {
  const value = headers instanceof Headers ? headers.get('authorization') : headers.authorization;
  const match = typeof value === 'string' ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1];
}

/**
 * Until identity lands (Keycloak/OIDC), every caller is the one local author of the local
 * org, so the rest of the server already runs its authorization checks on a real principal.
 */
export const LOCAL_PRINCIPAL: Principal = Object.freeze({
  userId: 'local',
  name: 'Local author',
  orgId: 'local',
  roles: ['artifact-author'] as const,
  groups: [] as const,
});

export function developmentAuthenticator(): Authenticator {
  return { authenticate: async () => LOCAL_PRINCIPAL };
}
