import type { Duplex } from 'node:stream';
import type { WebSocketLike } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import { SOCKET_REASONS } from '#shared/api';
import { limitExceeded, type AppError } from '../errors.ts';
import type { SocketLimits } from '../config.ts';
import { AUTH_PERMISSION_DENIED, MESSAGE_AUTH } from './protocol.ts';


/** The refusals a socket can earn, each an AppError (its close code is 4000 + status). */
export const LIMIT_ERRORS = {
  authTimeout: () => limitExceeded(SOCKET_REASONS.authTimeout, 408, 'the socket did not authenticate a document in time'),
  tooMuchData: () => limitExceeded(SOCKET_REASONS.tooMuchData, 413, 'the socket sent more before authenticating than a token needs'),
  slowConsumer: () => limitExceeded(SOCKET_REASONS.slowConsumer, 413, 'the socket does not read what it is sent'),
  tooManyDocuments: () => limitExceeded(SOCKET_REASONS.tooManyDocuments, 429, 'this socket has as many documents open as one socket may'),
  tooManySyncRequests: () => limitExceeded(SOCKET_REASONS.tooManySyncRequests, 429, 'the socket asks for the whole document too often'),
} as const;

/**
 * How long a socket the server closed may take to answer the close before it is dropped: a
 * client that stopped reading never answers, and its buffers should not wait for ws' 30 s.
 */
export const CLOSE_GRACE_MS = 1_000;

/**
 * The budget of one accepted WebSocket: what it may send before it authenticates and how long
 * it may take to, how much the server queues for it, how many documents it opens and how
 * often it asks for a whole one. Hocuspocus gets `webSocket`, a wrapper that applies
 * backpressure to every send. The limits extension (limits.ts) reaches it through the
 * connection context, which Hocuspocus copies per document from the socket's default context.
 */
export class SocketGuard {
  /** Give this to Hocuspocus instead of the socket: sends honour the send-buffer limit. */
  readonly webSocket: WebSocketLike;
  private authenticatedYet = false;
  /** Auth messages the server is still checking: its own slowness is not the client's. */
  private authsInFlight = 0;
  private deadlinePassed = false;
  private preauthBytes = 0;
  private readonly authTimer: ReturnType<typeof setTimeout>;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private refused = false;
  private documents = 0;
  private syncTokens: number;
  private syncCheckedAtMs = performance.now();
  /** Size of the message that started the current backlog (sent onto an empty buffer). */
  private backlogBaseBytes = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Duplex,
    private readonly limits: Readonly<SocketLimits>,
    /** Told of every refusal, for the counters. */
    private readonly onRefused: (reason: string) => void,
  ) {
    this.syncTokens = limits.syncRequestsPerMinute;
    this.webSocket = {
      send: (data) => this.send(data),
      close: (code, reason) => this.close(code, reason),
      get readyState() {
        return ws.readyState;
      },
    };
    // Counted on the TCP stream, not per message: ws buffers a frame whole (up to its
    // maxPayload) before it emits it, so a message count would see a huge frame too late.
    // Ahead of ws' own listener, so the chunk that crosses the limit is never handled.
    socket.prependListener('data', this.countPreauth);
    this.authTimer = setTimeout(() => {
      this.deadlinePassed = true;
      this.enforceDeadline();
    }, limits.authTimeoutMs);
    this.authTimer.unref();
    ws.once('close', () => {
      clearTimeout(this.authTimer);
      clearTimeout(this.graceTimer);
      socket.off('data', this.countPreauth);
    });
  }

  /** The server closed the socket or is closing it: what it still sends is not handled. */
  get closing(): boolean {
    return this.refused || this.ws.readyState !== this.ws.OPEN;
  }

  /**
   * The socket sent an auth message that the server now checks (token, storage, audit). Until
   * the answer, the deadline waits: a server slowed by a thousand reconnecting pages must not
   * close them for its own delay. A refusal ends the wait (seen in `send`).
   */
  authStarted(): void {
    this.authsInFlight++;
  }

  /** A document on this socket passed authentication: the pre-auth bounds no longer apply. */
  authenticated(): void {
    if (this.authenticatedYet) return;
    this.authenticatedYet = true;
    clearTimeout(this.authTimer);
    this.socket.off('data', this.countPreauth);
  }

  /** Whether one more document may be opened on this socket. */
  canOpenDocument(): boolean {
    return this.documents < this.limits.maxDocumentsPerSocket;
  }

  /** Counts a document that opened; false when it is one more than a socket may have. */
  documentOpened(): boolean {
    this.documents++;
    return this.documents <= this.limits.maxDocumentsPerSocket;
  }

  documentClosed(): void {
    this.documents = Math.max(0, this.documents - 1);
  }

  /**
   * Takes one full-state request from a bucket of `syncRequestsPerMinute` that refills at that
   * rate: a provider asks once per document per connection, so bursts of a few always pass.
   */
  takeSyncRequest(): boolean {
    const now = performance.now();
    const refill = ((now - this.syncCheckedAtMs) / 60_000) * this.limits.syncRequestsPerMinute;
    this.syncCheckedAtMs = now;
    this.syncTokens = Math.min(this.limits.syncRequestsPerMinute, this.syncTokens + refill);
    if (this.syncTokens < 1) return false;
    this.syncTokens -= 1;
    return true;
  }

  /**
   * Closes the socket for going over a limit, with the error's close code and reason, and
   * drops it if it has not answered within CLOSE_GRACE_MS. `stopReading`: read nothing more
   * from it meanwhile (it is sending what it should not).
   */
  refuse(error: AppError, options: { stopReading?: boolean } = {}): void {
    if (this.refused) return;
    this.refused = true;
    this.onRefused(error.reason);
    if (options.stopReading) this.socket.pause();
    this.close(error.closeCode, error.reason);
  }

  private close(code?: number, reason?: string): void {
    if (this.ws.readyState === this.ws.CLOSED) return;
    if (this.ws.readyState !== this.ws.CLOSING) this.ws.close(code, reason);
    if (!this.graceTimer) {
      this.graceTimer = setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS);
      this.graceTimer.unref();
    }
  }

  /**
   * Backpressure: a send that would leave more than `sendBufferMaxBytes` unsent beyond the
   * message that started the backlog closes the socket instead. That first message may be of
   * any size (a large document must still load), so what one socket holds stays below one
   * message plus the limit, however often it asks.
   */
  private send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (this.refused) return;
    if (!this.authenticatedYet && data instanceof Uint8Array && isPermissionDenied(data)) {
      this.authsInFlight = Math.max(0, this.authsInFlight - 1);
      queueMicrotask(() => this.enforceDeadline());
    }
    const size = typeof data === 'string' ? Buffer.byteLength(data) : ArrayBuffer.isView(data) || data instanceof ArrayBuffer ? data.byteLength : 0;
    const buffered = this.ws.bufferedAmount;
    if (buffered === 0) this.backlogBaseBytes = size;
    else if (buffered + size > this.backlogBaseBytes + this.limits.sendBufferMaxBytes) {
      this.refuse(LIMIT_ERRORS.slowConsumer());
      return;
    }
    this.ws.send(data as Parameters<WebSocket['send']>[0]);
  }

  private enforceDeadline(): void {
    if (this.deadlinePassed && !this.authenticatedYet && this.authsInFlight === 0 && !this.closing) this.refuse(LIMIT_ERRORS.authTimeout());
  }

  private readonly countPreauth = (chunk: Buffer): void => {
    this.preauthBytes += chunk.length;
    if (this.preauthBytes <= this.limits.preauthMaxBytes) return;
    if (!this.refused) this.refuse(LIMIT_ERRORS.tooMuchData(), { stopReading: true });
    // Still arriving (ws resumes a socket it had paused itself): no grace for this one.
    else if (this.preauthBytes > 2 * this.limits.preauthMaxBytes) this.ws.terminate();
  };
}

/** Hocuspocus' Auth message (type 2) of kind PermissionDenied (1): a document was refused. */
function isPermissionDenied(message: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(message);
    decoding.readVarString(decoder);
    return decoding.readVarUint(decoder) === MESSAGE_AUTH && decoding.readVarUint(decoder) === AUTH_PERMISSION_DENIED;
  } catch {
    return false; // not a Hocuspocus message we know
  }
}
