/**
 * What the status pill says about the socket when nothing was refused (refusals have their own
 * states, see live-problem.ts). `connecting` only before the first sync; after that a dropped
 * socket is `reconnecting` until it has failed {@link OFFLINE_AFTER_FAILURES} times in a row
 * (or the browser reports no network), then `offline`. The provider keeps retrying throughout,
 * so `offline` turns back into `live` on its own.
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** The provider's socket status strings (its `WebSocketStatus` enum values). */
export type SocketStatus = 'connecting' | 'connected' | 'disconnected';

/**
 * Consecutive failed connection attempts after which we stop saying "reconnecting". With the
 * provider's backoff (1 s doubling, jittered) that is roughly five seconds without a server.
 */
export const OFFLINE_AFTER_FAILURES = 4;

/**
 * Folds provider events into a {@link ConnectionState}. Pure bookkeeping, no timers or DOM,
 * so the rules can be tested on their own.
 */
export class ConnectionTracker {
  #socket: SocketStatus = 'connecting';
  #synced = false;
  #everSynced = false;
  #failures = 0;
  #networkUp = true;
  #quiet = false;

  get state(): ConnectionState {
    if (!this.#networkUp) return 'offline';
    if (this.#socket === 'connected' && this.#synced) return 'live';
    // Reopening on the server's request (it reloads the document): nothing the reader should see.
    if (this.#quiet && this.#everSynced) return 'live';
    if (this.#failures >= OFFLINE_AFTER_FAILURES) return 'offline';
    if (!this.#everSynced && this.#failures === 0) return 'connecting';
    return 'reconnecting';
  }

  /** The document has synced at least once, i.e. there is content worth showing. */
  get everSynced(): boolean {
    return this.#everSynced;
  }

  socket(status: SocketStatus): void {
    // Only a drop counts as a failure; "connecting" follows every drop anyway.
    if (status === 'disconnected' && this.#socket !== 'disconnected') {
      this.#failures++;
      this.#quiet = false;
    }
    if (status !== 'connected') this.#synced = false;
    this.#socket = status;
  }

  synced(): void {
    this.#synced = true;
    this.#everSynced = true;
    this.#failures = 0;
    this.#quiet = false;
  }

  /** The server ended the document's session; the socket itself is still up. */
  unsynced(): void {
    this.#synced = false;
  }

  /** The page dropped its socket on purpose (to reopen it later): not a failure. */
  suspended(): void {
    this.#socket = 'disconnected';
    this.#synced = false;
  }

  /** While on, a reopening page that has synced before still counts as live (until synced or failed). */
  quiet(on: boolean): void {
    this.#quiet = on;
  }

  network(online: boolean): void {
    this.#networkUp = online;
  }
}
