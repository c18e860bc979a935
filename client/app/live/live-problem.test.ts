import { describe, expect, it } from 'vitest';
import { SOCKET_REASONS } from '#shared/api';
import { classifyRefusal, pillStateOf, problemFromCheckError, RECOVERY, type RefusalOutcome, type RefusalVia } from './live-problem.ts';

const p = (problem: string): RefusalOutcome => ({ action: 'problem', problem }) as RefusalOutcome;
const NOW: RefusalOutcome = { action: 'reconnect-now' };
const LATER: RefusalOutcome = { action: 'reconnect' };

describe('classifyRefusal', () => {
  it.each<[string, RefusalVia, RefusalOutcome]>([
    [SOCKET_REASONS.notFound, 'auth', p('not-found')],
    [SOCKET_REASONS.notFound, 'close', p('not-found')],
    // Unshared or left the org while the page was open.
    [SOCKET_REASONS.forbidden, 'close', p('access-removed')],
    [SOCKET_REASONS.forbidden, 'socket', p('access-removed')],
    // Hocuspocus' own refusal on opening: the same as not found, existence does not leak.
    ['Forbidden', 'auth', p('not-found')],
    [SOCKET_REASONS.featureDisabled, 'auth', p('feature-off')],
    [SOCKET_REASONS.featureDisabled, 'close', p('feature-off')],
    [SOCKET_REASONS.pinned, 'auth', p('pinned')],
    [SOCKET_REASONS.pinned, 'close', p('pinned')],
    // A fresh token is fetched on reconnect; only its refusal means signed out.
    [SOCKET_REASONS.tokenExpired, 'close', NOW],
    [SOCKET_REASONS.tokenExpired, 'auth', p('signed-out')],
    [SOCKET_REASONS.unauthorized, 'auth', p('signed-out')],
    ['Unauthorized', 'auth', p('signed-out')],
    ['Unauthorized', 'socket', NOW],
    [SOCKET_REASONS.unavailable, 'auth', p('unavailable')],
    [SOCKET_REASONS.unavailable, 'close', p('unavailable')],
    // Dropped from memory to be reloaded: straight back, silently.
    [SOCKET_REASONS.reloading, 'close', NOW],
    [SOCKET_REASONS.reloading, 'auth', NOW],
    // An edit made here was refused and not stored: the local copy must give way to the stored one.
    [SOCKET_REASONS.invalidUpdate, 'close', { action: 'reload' }],
    [SOCKET_REASONS.starting, 'close', LATER],
    [SOCKET_REASONS.starting, 'auth', LATER],
    // A shutdown closes the socket (1012, which the session reconnects at once); a document
    // refused while the server stops is tried again after a backoff.
    [SOCKET_REASONS.stopping, 'socket', LATER],
    [SOCKET_REASONS.stopping, 'auth', LATER],
    // A socket limit: back off and try again, whether the socket or the document was refused.
    [SOCKET_REASONS.tooManyConnections, 'socket', LATER],
    [SOCKET_REASONS.authTimeout, 'socket', LATER],
    [SOCKET_REASONS.tooMuchData, 'socket', LATER],
    [SOCKET_REASONS.slowConsumer, 'socket', LATER],
    [SOCKET_REASONS.tooManySyncRequests, 'socket', LATER],
    [SOCKET_REASONS.tooManyDocuments, 'auth', LATER],
    // Hocuspocus' default close and generic refusal: passing trouble, never "does not exist".
    ['Server closed the connection', 'close', LATER],
    ['Reset Connection', 'socket', LATER],
    ['permission-denied', 'auth', p('unavailable')],
    ['', 'auth', p('unavailable')],
    ['', 'close', LATER],
    [`  ${SOCKET_REASONS.featureDisabled.toUpperCase()} `, 'close', p('feature-off')],
  ])('%j via %s → %j', (reason, via, expected) => {
    expect(classifyRefusal(reason, via)).toEqual(expected);
  });

  it('knows every reason the server sends', () => {
    // None falls through to the default for unknown reasons (starting, stopping and the socket
    // limits really are passing trouble; the table above has them).
    const passing: string[] = [SOCKET_REASONS.starting, SOCKET_REASONS.stopping, SOCKET_REASONS.tooManyConnections, SOCKET_REASONS.authTimeout, SOCKET_REASONS.tooMuchData, SOCKET_REASONS.slowConsumer, SOCKET_REASONS.tooManyDocuments, SOCKET_REASONS.tooManySyncRequests];
    for (const reason of Object.values(SOCKET_REASONS)) {
      if (!passing.includes(reason)) expect(classifyRefusal(reason, 'close'), reason).not.toEqual(LATER);
    }
  });
});

describe('RECOVERY', () => {
  it('stops only where nothing but the user can change the outcome', () => {
    expect(Object.entries(RECOVERY).filter(([, r]) => r === 'final').map(([k]) => k).sort()).toEqual(['access-removed', 'not-found', 'signed-out']);
    expect(RECOVERY['feature-off']).toBe('watch-policy');
    expect(RECOVERY.pinned).toBe('watch-pin');
    expect(RECOVERY.unavailable).toBe('retry-socket');
  });
});

describe('problemFromCheckError', () => {
  it.each([
    [{ status: 401, code: 'unauthorized' }, 'signed-out'],
    [{ status: 0, code: 'token_error' }, 'signed-out'],
    [{ status: 403, code: 'feature_disabled' }, 'feature-off'],
    [{ status: 404, code: 'not_found' }, 'access-removed'],
    [{ status: 0, code: 'network_error' }, undefined],
    [{ status: 503, code: 'unavailable' }, undefined],
    [{ status: 502, code: 'http_502' }, undefined],
  ])('%j → %s', (error, expected) => {
    expect(problemFromCheckError(error)).toBe(expected);
  });
});

describe('pillStateOf', () => {
  it('shows the connection when nothing is wrong', () => {
    for (const state of ['connecting', 'live', 'reconnecting', 'offline'] as const) expect(pillStateOf(undefined, state)).toBe(state);
  });

  it('never says offline for a refusal that is not a network problem', () => {
    expect(pillStateOf('feature-off', 'offline')).toBe('feature-off');
    expect(pillStateOf('pinned', 'reconnecting')).toBe('pinned');
    expect(pillStateOf('not-found', 'offline')).toBe('no-access');
    expect(pillStateOf('access-removed', 'live')).toBe('no-access');
    expect(pillStateOf('signed-out', 'offline')).toBe('signed-out');
    expect(pillStateOf('unavailable', 'reconnecting')).toBe('unavailable');
    // ...but a refused server that has also become unreachable is offline.
    expect(pillStateOf('unavailable', 'offline')).toBe('offline');
  });
});
