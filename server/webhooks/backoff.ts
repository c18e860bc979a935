/*
 * When a failed delivery is tried again, and whether at all. Exponential with jitter: 30 s,
 * 90 s, 4.5 min, 13.5 min, 40.5 min (±20 %), so the default 6 attempts span about an hour and
 * receivers that come back together are not hit by every sender at the same instant.
 */

export const RETRY_BASE_MS = 30_000;
const RETRY_FACTOR = 3;
const JITTER = 0.2;
/** A receiver's Retry-After is honoured up to this. */
const MAX_RETRY_AFTER_MS = 60 * 60 * 1_000;

/** Delay after failed attempt `attempt` (1 = the first), `random` in [0, 1). */
export function retryDelayMs(attempt: number, random: number, retryAfterMs?: number): number {
  const base = RETRY_BASE_MS * RETRY_FACTOR ** (attempt - 1);
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * random));
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/**
 * What a receiver's answer means: 2xx delivered; 408, 429 and 5xx (and no answer at all:
 * timeout, refused connection, TLS failure) are worth another attempt; anything else (4xx such
 * as 410 Gone, and 3xx: redirects are not followed) stops.
 */
export function outcomeOf(statusCode: number | null): 'delivered' | 'retry' | 'stop' {
  if (statusCode === null) return 'retry';
  if (statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode === 408 || statusCode === 429 || statusCode >= 500) return 'retry';
  return 'stop';
}

/** Retry-After as milliseconds (seconds or an HTTP date), when it is one. */
export function retryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  if (/^\d{1,9}$/.test(header.trim())) return Number(header) * 1_000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
