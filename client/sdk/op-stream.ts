import type { Op } from '#shared';
import { ArtifactsError } from './artifacts-error.ts';
import { newIdempotencyKey } from './idempotency-key.ts';
import type { RetryOptions } from './retry.ts';

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
  /**
   * How much may wait unsent (in the stream's units: characters of text, timeline events)
   * before `write` returns false. Writes are still buffered past it; a producer that can wait
   * awaits `ready()` instead, so an outage holds it back rather than growing memory. Default:
   * one full batch (`maxBatchChars` or `MAX_EVENTS_PER_BATCH`) besides the one in flight.
   */
  highWaterMark?: number;
  /**
   * How a batch is retried; default: until its error is final (see `isRetryable`), backing off
   * up to `maxDelayMs`. Every attempt of a batch carries the same `Idempotency-Key`, so a batch
   * that got no answer is resent without the risk of applying it twice.
   */
  retry?: RetryOptions;
  /** Aborting stops retrying: the stream fails with the abort reason and drops what is unsent. */
  signal?: AbortSignal;
}

export const DEFAULT_STREAM_INTERVAL_MS = 50;

/** How a concrete stream turns buffered items into ops. */
export interface OpStreamSpec<T> {
  /** Size of one item, counted against `maxBatchSize`. */
  measure(item: T): number;
  /** Most a single request may carry; a larger backlog goes out in several requests, in order. */
  maxBatchSize: number;
  toOps(items: T[]): Op[];
  /**
   * Sends one batch with its own key, retrying as the stream's options say; resolves once the
   * server has durably applied it, rejects only with a final error.
   */
  send(ops: Op[], idempotencyKey: string): Promise<unknown>;
  /** Called once after `close()` settled, so the client can forget the stream. */
  onClosed?(): void;
}

/**
 * Buffers small writes and sends them as few op batches as possible, strictly in order, with
 * at most one request in flight. The buffer is flushed `intervalMs` after the first unsent
 * write, at once when it reaches `maxBatchSize`, and by `flush()`/`close()`.
 *
 * A batch is retried (same key, same body) until it is applied or its error is final. A final
 * error ends the stream: what was acknowledged stays applied, what is still buffered is
 * dropped (`unsent` counts it), the next `write` throws the error, and every later
 * `flush`/`close` rejects with it.
 */
export class OpStream<T> {
  private readonly intervalMs: number;
  private readonly onError: ((error: unknown) => void) | undefined;
  private readonly highWaterMark: number;
  private pending: T[] = [];
  private pendingSize = 0;
  /** The batch being sent, counted in `unsent` if the stream fails. */
  private inFlightCount = 0;
  private acknowledgedCount = 0;
  private droppedCount = 0;
  /** `ready()` callers waiting for room. */
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
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
    this.highWaterMark = options.highWaterMark ?? spec.maxBatchSize;
  }

  /** True once `close()` was called or the stream failed; writes then throw. */
  get closed(): boolean {
    return this.closing !== undefined || this.failure !== undefined;
  }

  /** Items the server acknowledged. */
  get acknowledged(): number {
    return this.acknowledgedCount;
  }

  /** Items written but not acknowledged: buffered and in flight, or dropped when the stream failed. */
  get unsent(): number {
    return this.droppedCount + this.pending.length + this.inFlightCount;
  }

  /** True while more than `highWaterMark` waits unsent; `ready()` resolves when it no longer does. */
  get full(): boolean {
    return this.pendingSize >= this.highWaterMark;
  }

  /**
   * Buffers one item; never waits. Returns false when the buffer is past `highWaterMark` (the
   * item is buffered anyway; wait for `ready()` before writing more). Throws the stream's error
   * if an earlier batch failed.
   */
  write(item: T): boolean {
    if (this.failure) throw this.failure.error;
    if (this.closing) throw new ArtifactsError('this stream is closed; open a new one to write more', 0, 'stream_closed');
    this.pending.push(item);
    this.pendingSize += this.spec.measure(item);
    if (this.pendingSize >= this.spec.maxBatchSize) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.intervalMs);
    return !this.full;
  }

  /** Resolves once the buffer is under `highWaterMark` (at once if it is); rejects if the stream fails. */
  ready(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure.error);
    if (!this.full) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
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
      this.inFlightCount = batch.length;
      this.wakeWaiters();
      try {
        // One key per batch, created once: every retry of this body carries it.
        await this.spec.send(this.spec.toOps(batch), newIdempotencyKey());
      } catch (error: unknown) {
        this.fail(error);
        throw error;
      }
      this.inFlightCount = 0;
      this.acknowledgedCount += batch.length;
    }
  }

  private wakeWaiters(): void {
    if (this.full) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.resolve();
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
    this.droppedCount += this.pending.length + this.inFlightCount;
    this.inFlightCount = 0;
    this.pending = [];
    this.pendingSize = 0;
    this.clearTimer();
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(error);
    this.onError?.(error);
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
