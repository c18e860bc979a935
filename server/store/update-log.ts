import { AppError, notFound } from '../errors.ts';
import type { ArtifactStore } from './artifact-store.ts';
import { instruments } from '../telemetry/index.ts';
import { GroupCommit, type Outcome } from './group-commit.ts';
import type { LogEntry } from './update-rows.ts';

/** An entry refused before its commit: an earlier change to its document failed to store. */
export const superseded = () =>
  new AppError('unavailable', 'an earlier change to this artifact failed to store, so this one was not stored either; retry it', 503, { retryable: true, stored: false });

/** An entry taken back from the queue after waiting too long behind a commit that does not end. */
export const queueTimedOut = (timeoutMs: number) =>
  new AppError('unavailable', `storage did not take the change within ${timeoutMs} ms; nothing of it was stored; retry it`, 503, { retryable: true, stored: false });

/**
 * Group commit for the update log: appends of one event-loop turn (or arriving while a commit
 * runs) share one transaction. An append resolves only after its entry is durable, which is
 * what lets the server acknowledge it; entries of an artifact deleted meanwhile are refused
 * (404) without failing the others. Entries whose guard says `refused` when their commit starts
 * are left out (they build on a change that failed to store), and the guards of a commit that
 * fails are told at once, before the next commit starts.
 */
export class UpdateLog {
  /** Commits and entries so far, for metrics and benchmarks. */
  readonly stats = { commits: 0, entries: 0 };
  private readonly group: GroupCommit<LogEntry, undefined>;

  constructor(store: ArtifactStore) {
    this.group = new GroupCommit<LogEntry, undefined>(async (entries) => {
      const refused = entries.map((e) => e.guard?.refused === true);
      const admitted = entries.filter((_, i) => !refused[i]);
      let gone: string[] = [];
      if (admitted.length > 0) {
        const startedMs = performance.now();
        try {
          ({ gone } = await store.appendUpdates(admitted));
        } catch (error) {
          // Synchronously, so entries of the same documents still queued are refused next.
          for (const entry of admitted) entry.guard?.failed();
          throw error;
        }
        this.stats.commits++;
        const metrics = instruments();
        metrics.groupCommitDuration.record((performance.now() - startedMs) / 1_000);
        metrics.groupCommitSize.record(admitted.length);
      }
      const outcomes = entries.map((e, i): Outcome<undefined> => (refused[i] ? { error: superseded() } : gone.includes(e.artifactId) ? { error: notFound('artifact') } : { value: undefined }));
      this.stats.entries += outcomes.filter((o) => 'value' in o).length;
      return outcomes;
    });
  }

  /**
   * Resolves once the entry is committed. With `queueTimeoutMs`, an entry still waiting for its
   * commit to start after that long is taken back and rejected (never stored); one whose commit
   * has started waits for its outcome, which is the only honest answer.
   */
  async append(entry: LogEntry, options: { queueTimeoutMs?: number } = {}): Promise<void> {
    const added = this.group.add(entry);
    const timeoutMs = options.queueTimeoutMs;
    if (timeoutMs === undefined) return added;
    const timer = setTimeout(() => this.group.withdraw(entry, queueTimedOut(timeoutMs)), timeoutMs);
    try {
      await added;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once everything appended so far is committed (or failed). */
  flush(): Promise<void> {
    return this.group.flush();
  }
}
