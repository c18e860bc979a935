import { SOCKET_REASONS } from '#shared/api';
import type { ConnectionState } from './connection-state.ts';

/**
 * Why the live page is not showing the live document, each with its own words and way out:
 * - `not-found`: no such artifact, or never readable by this user (the server does not say which);
 * - `access-removed`: the page was open, then its owner unshared it or the user left the org;
 * - `feature-off`: the org's admins switched Live Artifacts off (it may come back on);
 * - `pinned`: readers see a published version, not the live document (it may be unpinned);
 * - `signed-out`: the session ended or its token could not be renewed;
 * - `unavailable`: the server could not serve the document just now.
 */
export type LiveProblemKind = 'not-found' | 'access-removed' | 'feature-off' | 'pinned' | 'signed-out' | 'unavailable';

/**
 * What the page does while a problem lasts: `final` stops (only the user can change it), the
 * others keep checking with backoff and re-open the live session once the condition clears.
 */
export type Recovery = 'final' | 'watch-policy' | 'watch-pin' | 'retry-socket';

export const RECOVERY: Readonly<Record<LiveProblemKind, Recovery>> = Object.freeze({
  'not-found': 'final',
  'access-removed': 'final',
  'signed-out': 'final',
  'feature-off': 'watch-policy',
  pinned: 'watch-pin',
  unavailable: 'retry-socket',
});

/**
 * Where a refusal came from: `auth` is the answer to opening the document (the provider's
 * `authenticationFailed`); `close` is the server ending an open document's session while the
 * socket stays up (a Hocuspocus CLOSE message); `socket` is the socket itself closing with an
 * application code (4000 and up), after which the provider reconnects by itself.
 */
export type RefusalVia = 'auth' | 'close' | 'socket';

export type RefusalOutcome =
  | { action: 'problem'; problem: LiveProblemKind }
  /** Open the document again at once (with a fresh token); nothing is wrong that the user should see. */
  | { action: 'reconnect-now' }
  /** Open it again after a backoff: the server ended the session for a passing reason. */
  | { action: 'reconnect' }
  /**
   * The server refused an edit made on this page and stored none of it. Yjs cannot take the
   * change back, so the local copy is dropped and the stored document loaded anew (resending
   * the same copy would be refused again).
   */
  | { action: 'reload' };

const problem = (kind: LiveProblemKind): RefusalOutcome => ({ action: 'problem', problem: kind });

/**
 * The page's answer to a refusal reason (`SOCKET_REASONS`, or Hocuspocus' own capitalised
 * `Forbidden` / `Unauthorized`). Unknown reasons are treated as passing trouble, never as
 * "does not exist": an exception in a server hook arrives as Hocuspocus' generic refusal.
 */
export function classifyRefusal(reason: string, via: RefusalVia): RefusalOutcome {
  const r = reason.trim().toLowerCase();
  const opening = via === 'auth';
  switch (r) {
    case SOCKET_REASONS.notFound:
      return problem('not-found');
    case SOCKET_REASONS.forbidden:
      // Opening is refused with not_found (existence must not leak); a close says access went.
      return problem(opening ? 'not-found' : 'access-removed');
    case SOCKET_REASONS.featureDisabled:
      return problem('feature-off');
    case SOCKET_REASONS.pinned:
      return problem('pinned');
    case SOCKET_REASONS.tokenExpired:
    case SOCKET_REASONS.unauthorized:
      // A closed session reconnects with a token fetched (and renewed) for the purpose; only a
      // refusal of that fresh token means the user is signed out.
      return opening ? problem('signed-out') : { action: 'reconnect-now' };
    case SOCKET_REASONS.reloading:
      return { action: 'reconnect-now' };
    case SOCKET_REASONS.invalidUpdate:
      return { action: 'reload' };
    case SOCKET_REASONS.unavailable:
      return problem('unavailable');
    case SOCKET_REASONS.starting:
    case SOCKET_REASONS.stopping:
    // A socket limit (too many sockets from here, too slow to read, ...): back off, try again.
    case SOCKET_REASONS.tooManyConnections:
    case SOCKET_REASONS.authTimeout:
    case SOCKET_REASONS.tooMuchData:
    case SOCKET_REASONS.slowConsumer:
    case SOCKET_REASONS.tooManyDocuments:
    case SOCKET_REASONS.tooManySyncRequests:
      return { action: 'reconnect' };
    default:
      return opening ? problem('unavailable') : { action: 'reconnect' };
  }
}

/**
 * What a failed recovery check (`GET /api/me`, `GET /api/artifacts/:id/summary`) means: a new
 * problem, or `undefined` to keep checking (network trouble, a server error).
 */
export function problemFromCheckError(error: { status: number; code: string }): LiveProblemKind | undefined {
  if (error.code === 'token_error' || error.status === 401) return 'signed-out';
  if (error.code === SOCKET_REASONS.featureDisabled) return 'feature-off';
  // The summary answers 404 to anyone who may no longer read the artifact.
  if (error.status === 404 || error.code === SOCKET_REASONS.notFound) return 'access-removed';
  return undefined;
}

/** What the status pill shows: the connection, or the problem that stopped it. */
export type PillState = ConnectionState | 'unavailable' | 'no-access' | 'feature-off' | 'pinned' | 'signed-out';

export function pillStateOf(problem: LiveProblemKind | undefined, connection: ConnectionState): PillState {
  switch (problem) {
    case undefined:
      return connection;
    case 'not-found':
    case 'access-removed':
      return 'no-access';
    case 'unavailable':
      // The server refused for now; if the network is gone too, that is the truer story.
      return connection === 'offline' ? 'offline' : 'unavailable';
    default:
      return problem;
  }
}
