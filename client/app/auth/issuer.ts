/**
 * keycloak-js wants a server URL and a realm name; `/api/config` gives an issuer. Both the
 * embedded IdP and Keycloak name their issuer `<server>/realms/<realm>` (Keycloak behind a
 * path prefix too, e.g. `https://sso.example.com/auth/realms/acme`).
 */
export interface KeycloakLocation {
  /** The server URL keycloak-js builds every endpoint from, without a trailing slash. */
  url: string;
  realm: string;
}

/** Splits an issuer into keycloak-js' `url` and `realm`; throws for an issuer not shaped like Keycloak's. */
export function keycloakLocation(issuer: string): KeycloakLocation {
  const parsed = URL.canParse(issuer) ? new URL(issuer) : undefined;
  const match = parsed && /^(.*)\/realms\/([^/]+)\/?$/.exec(parsed.pathname);
  if (!parsed || !match || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.search || parsed.hash) {
    throw new Error(`The sign-in server's address (${issuer}) is not a Keycloak realm URL (…/realms/<name>).`);
  }
  return { url: `${parsed.origin}${match[1]}`, realm: decodeURIComponent(match[2] as string) };
}
