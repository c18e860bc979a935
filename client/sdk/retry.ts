import { ArtifactsError } from './artifacts-error.ts';

/** A retry that is about to wait `delayMs`; `attempt` is the number of the attempt that just failed (1 = the first). */
export interface RetryEvent {
  error: ArtifactsError;
  attempt: number;
  delayMs: number;
  /** Since the first attempt of this request. */
  elapsedMs: number;
}

/** A request that succeeded after `attempts` attempts (only reported when it needed more than one). */
export interface RecoveredEvent {
  attempts: number;
  elapsedMs: number;
}

/**
 * How a request is retried after a failure that may pass (see {@link isRetryable}). The wait
 * before retry n is drawn from [d/2, d] with d = min(maxDelayMs, baseDelayMs·2^(n-1)), so
 * clients that failed together do not come back together; a `Retry-After` the server sent
 * wins over that.
 */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 4 for calls; `Infinity` for streams. */
  maxAttempts?: number;
  /** Default 250 ms: a blip passes unnoticed. */
  baseDelayMs?: number;
  /** Default 10 s: a restarted server is found within seconds, and a dead one costs one request per ~10 s. */
  maxDelayMs?: number;
  /** Called before each wait, e.g. to tell a person the server is unreachable. */
  onRetry?: (event: RetryEvent) => void;
  onRecovered?: (event: RecoveredEvent) => void;
  /** Source of jitter in [0, 1); tests pass a fixed one. */
  random?: () => number;
}

export type ResolvedRetry = Required<Omit<RetryOptions, 'onRetry' | 'onRecovered'>> & Pick<RetryOptions, 'onRetry' | 'onRecovered'>;

export const DEFAULT_RETRY: Readonly<ResolvedRetry> = Object.freeze({ maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 10_000, random: Math.random });

/** One attempt, no retry: what unkeyed writes get unless the caller asks for more. */
export const NO_RETRY: Readonly<RetryOptions> = Object.freeze({ maxAttempts: 1 });

/** Streams keep going until an error is final: their callers cannot resend by hand. */
export const STREAM_RETRY: Readonly<RetryOptions> = Object.freeze({ maxAttempts: Infinity });

/** Retry-After beyond this is taken as this: a misconfigured proxy must not park a stream for a day. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** Layers retry options: later ones win field by field, hooks included. */
export function resolveRetry(...layers: (RetryOptions | undefined)[]): ResolvedRetry {
  const merged: ResolvedRetry = { ...DEFAULT_RETRY };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  return merged;
}

/**
 * Whether a failed request may succeed if sent again with the same body (and idempotency key):
 * no answer at all, a server that is restarting or overloaded, or a duplicate still being
 * committed. Everything else (401 after a renewal, 403, 404, 400, other 4xx) is final.
 */
export function isRetryable(error: unknown): error is ArtifactsError {
  if (!(error instanceof ArtifactsError)) return false;
  if (error.code === 'network_error' || error.code === 'timeout') return true;
  // 502 and 504 are what a proxy in front answers while the server restarts.
  if (error.status === 429 || error.status === 502 || error.status === 503 || error.status === 504) return true;
  return error.status === 409 && error.code === 'idempotency_key_in_progress';
}

/** The wait before retry number `retry` (1 = the first retry), before any Retry-After. */
export function backoffDelayMs(retry: number, options: Pick<ResolvedRetry, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const ceilingMs = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceilingMs / 2 + (ceilingMs / 2) * options.random());
}

/** The server's Retry-After when it sent one, else the backoff schedule. */
export function retryDelayMs(error: ArtifactsError, retry: number, options: ResolvedRetry): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
  return backoffDelayMs(retry, options);
}

/** `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  // HTTP dates start with the day's name; Date.parse alone would read '-3' as a year.
  if (!/^[A-Za-z]+,? /.test(text)) return undefined;
  const atMs = Date.parse(text);
  return Number.isNaN(atMs) ? undefined : Math.max(0, atMs - nowMs);
}

/** Waits `ms`; rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
