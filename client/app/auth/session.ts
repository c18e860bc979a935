import Keycloak from 'keycloak-js';
import { ArtifactsClient } from '../../sdk/index.ts';
import { keycloakLocation } from './issuer.ts';
import { MIN_REFRESH_DELAY_MS, REFRESH_MARGIN_S, REFRESH_RETRY_DELAY_MS, refreshDelayMs, secondsLeft } from './refresh-schedule.ts';
import { addressAfterSignIn, callbackUri, isOAuthFragment, pageToKeep, RETURN_PAGE_KEY } from './return-url.ts';

/**
 * The browser's sign-in: keycloak-js with the authorization code flow and PKCE against the IdP
 * that `/api/config` names (the server's embedded one, or an external Keycloak realm). Tokens
 * live in memory only (keycloak-js keeps nothing but the login's state and PKCE verifier in
 * storage, and only for the round trip), so a reload signs in again through the IdP's session.
 */

let keycloak: Keycloak | undefined;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let leaving = false;
const refreshListeners = new Set<() => void>();

/**
 * Signs the user in before the app starts: resolves once a token is at hand. When there is no
 * session yet, the browser goes to the IdP's login page and the promise never settles; the IdP
 * sends the user back to the page they asked for.
 */
export async function signIn(): Promise<void> {
  const config = await new ArtifactsClient({ baseUrl: '' }).config();
  const { url, realm } = keycloakLocation(config.oidc.issuer);
  const kc = new Keycloak({ url, realm, clientId: config.oidc.clientId });
  kc.onAuthRefreshSuccess = () => {
    scheduleRefresh(kc);
    for (const listener of refreshListeners) listener();
  };
  const returning = isOAuthFragment(location.hash);
  keepPage();
  try {
    await kc.init({
      onLoad: 'login-required',
      pkceMethod: 'S256',
      checkLoginIframe: false,
      responseMode: 'fragment',
      redirectUri: callbackUri(location),
    });
  } finally {
    // Also when the IdP answered with an error: "Try again" then starts from the page asked for.
    restorePage(returning);
  }
  keycloak = kc;
  scheduleRefresh(kc);
}

/**
 * A valid access token, refreshed first when it has less than 30 s left. When the IdP refuses
 * the refresh (session over), the browser goes to the login page and this never settles; when
 * the IdP cannot be reached it rejects, unless the current token is still good.
 */
export async function freshToken(minValidityS = REFRESH_MARGIN_S): Promise<string> {
  const kc = keycloak;
  if (!kc) throw new Error('not signed in yet');
  if (!kc.refreshToken) {
    // An IdP that issues no refresh token: use the token while it lasts, then sign in again.
    const exp = kc.tokenParsed?.exp;
    if (kc.token && exp !== undefined && minValidityS >= 0 && secondsLeft(exp, Date.now(), kc.timeSkew ?? 0) >= minValidityS) return kc.token;
    return signInAgain(kc);
  }
  try {
    await kc.updateToken(minValidityS);
  } catch (error: unknown) {
    // keycloak-js drops the tokens when the IdP refuses the refresh token (HTTP 400).
    if (!kc.token || !kc.refreshToken) return signInAgain(kc);
    if (kc.isTokenExpired(0)) throw new Error('could not refresh the access token', { cause: error });
  }
  if (!kc.token) return signInAgain(kc);
  return kc.token;
}

/** Calls `listener` after every token refresh, e.g. to hand the new token to an open socket. */
export function onTokenRefresh(listener: () => void): () => void {
  refreshListeners.add(listener);
  return () => refreshListeners.delete(listener);
}

/**
 * Sends the browser to the IdP's login page, to come back to the page the user is on now: the
 * way out of a page whose session ended (its token could not be renewed). With the IdP's session
 * still alive the IdP sends the browser straight back, signed in.
 */
export async function signInHere(): Promise<void> {
  const kc = keycloak;
  if (!kc) {
    location.reload(); // not signed in at all: the app's start signs in
    return;
  }
  leaving = false; // an earlier attempt that never left (the IdP was unreachable) must not block this one
  await signInAgain(kc);
}

/** Ends the session at the IdP too, then comes back to the app's home (which signs in again). */
export async function signOut(): Promise<void> {
  const kc = keycloak;
  clearTimeout(refreshTimer);
  if (!kc) {
    location.assign('/');
    return;
  }
  leaving = true;
  await kc.logout({ redirectUri: `${location.origin}/` });
}

/**
 * Refreshes ahead of expiry (rather than on the next call) so an open page that makes no API
 * calls still gets a new token to its socket before the server closes it.
 */
function scheduleRefresh(kc: Keycloak): void {
  clearTimeout(refreshTimer);
  const expiresAtS = kc.tokenParsed?.exp;
  const delayMs = expiresAtS === undefined ? MIN_REFRESH_DELAY_MS : refreshDelayMs(expiresAtS, Date.now(), kc.timeSkew ?? 0);
  refreshTimer = setTimeout(() => {
    // Forced: the timer fires when the margin is reached; success reschedules (onAuthRefreshSuccess).
    freshToken(-1).catch(() => {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => scheduleRefresh(kc), REFRESH_RETRY_DELAY_MS);
    });
  }, delayMs);
}

/** The session is over: log in again and come back to the page the user is on now. */
async function signInAgain(kc: Keycloak): Promise<never> {
  if (!leaving) {
    leaving = true;
    clearTimeout(refreshTimer);
    keepPage();
    await kc.login({ redirectUri: callbackUri(location) });
  }
  return new Promise<never>(() => {}); // the browser is leaving for the login page
}

function keepPage(): void {
  const kept = pageToKeep(location);
  if (kept) sessionStorage.setItem(RETURN_PAGE_KEY, kept);
}

/** Back on the page the user asked for, before the app starts (its router reads the address). */
function restorePage(returning: boolean): void {
  const address = addressAfterSignIn(sessionStorage.getItem(RETURN_PAGE_KEY), location, returning);
  sessionStorage.removeItem(RETURN_PAGE_KEY);
  if (address) history.replaceState(history.state, '', address);
}
