/**
 * The way back from the IdP. The IdP sends the browser to one address only, the app's root: its
 * redirect URI is registered exactly, so an authorization code goes to the app and nowhere else
 * (no wildcard, no other path or port). The page the user asked for — path, query and a section
 * link's `#section-…` — is kept aside in sessionStorage for the round trip and put back once
 * signed in. The OAuth answer comes back in the fragment (keycloak-js' default `responseMode`),
 * so the code never reaches a server log or a Referer; keycloak-js strips it again.
 */

/** The key of the page kept aside in sessionStorage (never a token: a path and a fragment). */
export const RETURN_PAGE_KEY = 'la:return-page';

/** Where the IdP sends the browser back to: the app's root, its one registered redirect URI. */
export function callbackUri(page: Pick<Location, 'origin'>): string {
  return `${page.origin}/`;
}

/** The page's address without its fragment (where "Try again" starts a fresh sign-in). */
export function returnUri(page: Pick<Location, 'origin' | 'pathname' | 'search'>): string {
  return `${page.origin}${page.pathname}${page.search}`;
}

/** Whether a fragment is an authorization answer (`state` with `code` or `error`), not a section link. */
export function isOAuthFragment(hash: string): boolean {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.has('state') && (params.has('code') || params.has('error'));
}

/**
 * What to keep before leaving for the IdP: the page the user is on, fragment included. Always
 * written (the root too), so a login abandoned earlier cannot send a later one elsewhere;
 * `undefined` on an authorization answer, which is not a page to come back to.
 */
export function pageToKeep(page: Pick<Location, 'pathname' | 'search' | 'hash'>): string | undefined {
  if (isOAuthFragment(page.hash)) return undefined;
  return JSON.stringify({ path: `${page.pathname}${page.search}`, hash: page.hash.length > 1 ? page.hash : '' });
}

/**
 * The address to show once signed in: the kept page, when this load is the IdP's answer
 * (`returning`: the fragment was an authorization answer) at the root. `undefined` leaves the
 * address alone. Only a path of this origin is accepted.
 */
export function addressAfterSignIn(kept: string | null, page: Pick<Location, 'pathname' | 'search' | 'hash'>, returning: boolean): string | undefined {
  if (!kept || !returning || page.pathname !== '/' || page.search || page.hash) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(kept);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { path, hash } = value as { path?: unknown; hash?: unknown };
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return undefined;
  if (typeof hash !== 'string' || (hash !== '' && !hash.startsWith('#'))) return undefined;
  const address = `${path}${hash}`;
  return address === '/' ? undefined : address;
}
