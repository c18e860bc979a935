import type { AuditEventLog } from '../store/index.ts';
import type { AuditEvent, AuditEventInput } from './audit-log.ts';

/** Keys `recordOnce` remembers; beyond it the oldest are forgotten (and may be written again). */
const MAX_RECENT_EVENTS = 20_000;

/** How long a repeated view or refusal is not written again. */
export const REPEAT_WINDOW_MS = 60_000;

/**
 * Events that stand alone (viewed, exported, login-denied), written through the storage
 * floor's group-committed event log. `record` resolves once the event is committed, so a
 * caller can refuse to serve content whose viewing could not be recorded; `recordOnce` is the
 * policy that keeps repeats out of the trail. Events that record a change never come here:
 * they ride in the change's own transaction.
 */
export class AuditWriter {
  /** Event key → when it was last recorded (and its commit), for `recordOnce`; oldest first. */
  private readonly recent = new Map<string, { atMs: number; committed: Promise<unknown> }>();

  constructor(private readonly events: AuditEventLog) {}

  record(input: AuditEventInput): Promise<AuditEvent> {
    return this.events.append(input);
  }

  /**
   * Records an event unless the same one (same actor, action, artifact, version and details)
   * was recorded less than `windowMs` ago, in which case the trail already says it: one socket
   * opening a document a thousand times, or a loop of refused requests, writes one event per
   * window, not a thousand. Resolves once the event (or the one it repeats) is committed.
   */
  async recordOnce(input: AuditEventInput, windowMs: number, nowMs = Date.now()): Promise<void> {
    const key = JSON.stringify([input.orgId, input.actorId, input.action, input.artifactId ?? null, input.version ?? null, input.details ?? {}]);
    const last = this.recent.get(key);
    if (last && nowMs - last.atMs < windowMs) {
      await last.committed;
      return;
    }
    const committed = this.record(input);
    this.recent.delete(key);
    this.recent.set(key, { atMs: nowMs, committed });
    if (this.recent.size > MAX_RECENT_EVENTS) this.recent.delete(this.recent.keys().next().value as string);
    try {
      await committed;
    } catch (error) {
      if (this.recent.get(key)?.committed === committed) this.recent.delete(key);
      throw error;
    }
  }

  /** Resolves once everything recorded so far is committed (or failed). */
  flush(): Promise<void> {
    return this.events.flush();
  }
}
