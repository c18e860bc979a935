/**
 * The one place the browser gets its access token. Everything that talks to the server (API
 * calls, the collaboration socket) asks here; the sign-in itself lives in session.ts.
 */
import { freshToken } from './session.ts';

/**
 * The current access token, refreshed first when it has less than 30 s left. Async because a
 * refresh may be needed; the collaboration provider calls this on every (re)connect and after
 * every refresh (see `onTokenRefresh`), so the socket always has a token that is still valid.
 */
export function getAccessToken(): Promise<string> {
  return freshToken();
}
