/**
 * The one place the browser gets its access token. Everything that talks to the server (API
 * calls, the collaboration socket) asks here, so swapping in keycloak-js later changes this
 * file only.
 */

/**
 * Placeholder until the keycloak-js login lands: the development identity accepts any token;
 * a server with OIDC_ISSUER refuses it (401), which the pages report as "not signed in".
 */
const ANONYMOUS_TOKEN = 'anonymous';

/**
 * The current access token. Async because a real IdP client may have to refresh it first;
 * the collaboration provider calls this on every (re)connect, so a fresh token is sent each time.
 */
export async function getAccessToken(): Promise<string> {
  return ANONYMOUS_TOKEN;
}
