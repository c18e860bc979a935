/**
 * Where the IdP sends the browser back to: the page the user asked for. The OAuth answer comes
 * back in the fragment (keycloak-js' default `responseMode`), so the code never reaches a
 * server log or a Referer; keycloak-js strips it again. A redirect URI may not carry a fragment
 * of its own, so a section link's `#section-…` is kept aside for the round trip.
 */

/** The key of the fragment kept aside in sessionStorage (never a token: just `#section-…`). */
export const RETURN_HASH_KEY = 'la:return-hash';

/** The page's address without its fragment: what the IdP may redirect back to. */
export function returnUri(page: Pick<Location, 'origin' | 'pathname' | 'search'>): string {
  return `${page.origin}${page.pathname}${page.search}`;
}

/** Whether a fragment is an authorization answer (`state` with `code` or `error`), not a section link. */
export function isOAuthFragment(hash: string): boolean {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.has('state') && (params.has('code') || params.has('error'));
}

/** What to keep before leaving for the IdP: the path and the fragment the user asked for, if any. */
export function hashToKeep(page: Pick<Location, 'pathname' | 'search' | 'hash'>): string | undefined {
  if (page.hash.length <= 1 || isOAuthFragment(page.hash)) return undefined;
  return JSON.stringify({ path: `${page.pathname}${page.search}`, hash: page.hash });
}

/**
 * The address to show once signed in: the kept fragment put back, when we came back to the same
 * page without one. `undefined` leaves the address alone.
 */
export function addressAfterSignIn(kept: string | null, page: Pick<Location, 'pathname' | 'search' | 'hash'>): string | undefined {
  if (!kept || page.hash) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(kept);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { path, hash } = value as { path?: unknown; hash?: unknown };
  if (typeof path !== 'string' || typeof hash !== 'string' || !hash.startsWith('#')) return undefined;
  return path === `${page.pathname}${page.search}` ? `${path}${hash}` : undefined;
}
