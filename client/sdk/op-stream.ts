import type { Op } from '#shared';
import { ArtifactsError } from './artifacts-error.ts';

/** What every stream accepts. */
export interface StreamOptions {
  /**
   * How long a write may wait for company before it is sent. Writes within this window go out
   * as one request. Default 50 ms: a viewer sees text appear smoothly, and a fast producer
   * costs about 20 requests a second however many chunks it writes.
   */
  intervalMs?: number;
  /**
   * Called once when the stream fails (the failed request's {@link ArtifactsError}). The error
   * is also thrown by the next `write` and rejects `flush`/`close`; this hook is for producers
   * that may not write again soon, e.g. a CLI waiting on a quiet stdin.
   */
  onError?: (error: unknown) => void;
}

export const DEFAULT_STREAM_INTERVAL_MS = 50;

/** How a concrete stream turns buffered items into ops. */
export interface OpStreamSpec<T> {
  /** Size of one item, counted against `maxBatchSize`. */
  measure(item: T): number;
  /** Most a single request may carry; a larger backlog goes out in several requests, in order. */
  maxBatchSize: number;
  toOps(items: T[]): Op[];
  /** Sends one batch; resolves once the server has durably applied it. */
  send(ops: Op[]): Promise<unknown>;
  /** Called once after `close()` settled, so the client can forget the stream. */
  onClosed?(): void;
}

/**
 * Buffers small writes and sends them as few op batches as possible, strictly in order, with
 * at most one request in flight. The buffer is flushed `intervalMs` after the first unsent
 * write, at once when it reaches `maxBatchSize`, and by `flush()`/`close()`.
 *
 * Failure is final: a batch the server rejected was not applied, and one that got no answer
 * may or may not have been, so resending could duplicate text. The stream drops what is still
 * buffered, throws the error from the next `write`, and rejects every later `flush`/`close`.
 */
export class OpStream<T> {
  private readonly intervalMs: number;
  private readonly onError: ((error: unknown) => void) | undefined;
  private pending: T[] = [];
  private pendingSize = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Every flush is a step on this chain, so batches never overlap. */
  private tail: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly spec: OpStreamSpec<T>,
    options: StreamOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_STREAM_INTERVAL_MS;
    this.onError = options.onError;
  }

  /** True once `close()` was called or the stream failed; writes then throw. */
  get closed(): boolean {
    return this.closing !== undefined || this.failure !== undefined;
  }

  /** Buffers one item; never waits. Throws the stream's error if an earlier batch failed. */
  write(item: T): void {
    if (this.failure) throw this.failure.error;
    if (this.closing) throw new ArtifactsError('this stream is closed; open a new one to write more', 0, 'stream_closed');
    this.pending.push(item);
    this.pendingSize += this.spec.measure(item);
    if (this.pendingSize >= this.spec.maxBatchSize) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.intervalMs);
  }

  /** Resolves once everything written before this call is applied; rejects if the stream failed. */
  flush(): Promise<void> {
    this.clearTimer();
    this.tail = this.tail.then(() => this.sendPending());
    return this.tail;
  }

  /** Flushes, then refuses further writes. Calling it again returns the same promise. */
  close(): Promise<void> {
    this.closing ??= this.flush().finally(() => this.spec.onClosed?.());
    return this.closing;
  }

  /** A timer- or size-triggered flush; its failure is kept for the next write/flush/close. */
  private kick(): void {
    this.flush().catch(() => undefined);
  }

  private async sendPending(): Promise<void> {
    if (this.failure) throw this.failure.error;
    while (this.pending.length > 0) {
      const batch = this.takeBatch();
      try {
        await this.spec.send(this.spec.toOps(batch));
      } catch (error: unknown) {
        this.fail(error);
        throw error;
      }
    }
  }

  /** Takes items from the front up to `maxBatchSize` (at least one, however large). */
  private takeBatch(): T[] {
    let count = 0;
    let size = 0;
    for (const item of this.pending) {
      const next = size + this.spec.measure(item);
      if (count > 0 && next > this.spec.maxBatchSize) break;
      size = next;
      count += 1;
    }
    this.pendingSize -= size;
    return this.pending.splice(0, count);
  }

  private fail(error: unknown): void {
    this.failure = { error };
    this.pending = [];
    this.pendingSize = 0;
    this.clearTimer();
    this.onError?.(error);
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
