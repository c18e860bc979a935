import type { Writable } from 'node:stream';
import type { ArtifactsError, RecoveredEvent, RetryEvent } from '../sdk/index.ts';
import { println } from './io.ts';

/** While an outage lasts, a reminder at most this often, so a log of stderr stays readable. */
export const STILL_RETRYING_EVERY_MS = 60_000;

/**
 * Retry progress for a person watching stderr: one line when an outage starts, a reminder
 * once a minute while it lasts, and one line when a request gets through again.
 */
export function retryNotes(out: Writable, nowMs: () => number = Date.now) {
  let outageSinceMs: number | undefined;
  let lastNoteMs = 0;
  return {
    /** True between the first retry and the next success. */
    get inOutage(): boolean {
      return outageSinceMs !== undefined;
    },
    onRetry(event: RetryEvent): void {
      const now = nowMs();
      if (outageSinceMs === undefined) {
        outageSinceMs = now - event.elapsedMs;
        lastNoteMs = now;
        println(out, `${failureOf(event.error)}; retrying in ${seconds(event.delayMs)}…`);
      } else if (now - lastNoteMs >= STILL_RETRYING_EVERY_MS) {
        lastNoteMs = now;
        println(out, `${failureOf(event.error)} for ${seconds(now - outageSinceMs)}; still retrying…`);
      }
    },
    onRecovered(_event: RecoveredEvent): void {
      if (outageSinceMs === undefined) return;
      println(out, `reconnected after ${seconds(nowMs() - outageSinceMs)}`);
      outageSinceMs = undefined;
    },
  };
}

/** What went wrong, in words; the detail (ECONNREFUSED, the status) in parentheses. */
export function failureOf(error: ArtifactsError): string {
  if (error.code === 'network_error') {
    const detail = /\(([A-Z_]+)\)/.exec(error.message)?.[1];
    return `server unreachable${detail ? ` (${detail})` : ''}`;
  }
  if (error.code === 'timeout') return 'no answer from the server';
  if (error.status === 429) return 'server busy (HTTP 429)';
  if (error.code === 'idempotency_key_in_progress') return 'the server is still committing an earlier attempt';
  return `server unavailable (HTTP ${error.status})`;
}

/** `0.3 s`, `4 s`, `2 min 5 s`. */
export function seconds(ms: number): string {
  if (ms < 1_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
