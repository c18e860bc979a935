/**
 * When to refresh the access token: some seconds before it expires, so that API calls never
 * wait for a refresh and the collaboration socket gets its new token before the server closes
 * it at expiry.
 */

/** Refresh when the token has less than this left (also what `getAccessToken` asks for). */
export const REFRESH_MARGIN_S = 30;
/** Never sooner than this, so a token that lives shorter than the margin cannot cause a busy loop. */
export const MIN_REFRESH_DELAY_MS = 5_000;
/** After a refresh that failed for want of an answer, try again this soon. */
export const REFRESH_RETRY_DELAY_MS = 5_000;

/**
 * Milliseconds from `nowMs` until the token (expiring at `expiresAtS`, epoch seconds of the
 * IdP's clock) has `REFRESH_MARGIN_S` left. `timeSkewS` is keycloak-js' `timeSkew`: how far the
 * browser clock is ahead of the IdP's (local time − IdP time).
 */
export function refreshDelayMs(expiresAtS: number, nowMs: number, timeSkewS = 0): number {
  const refreshAtMs = (expiresAtS + timeSkewS - REFRESH_MARGIN_S) * 1000;
  return Math.max(MIN_REFRESH_DELAY_MS, Math.round(refreshAtMs - nowMs));
}

/** Seconds the token has left by the browser clock (keycloak-js' own check refuses to run without a refresh token). */
export function secondsLeft(expiresAtS: number, nowMs: number, timeSkewS = 0): number {
  return expiresAtS + timeSkewS - nowMs / 1000;
}
