import { notFound } from '../errors.ts';
import type { ArtifactStore, LogEntry } from './artifact-store.ts';
import { GroupCommit } from './group-commit.ts';

/**
 * Group commit for the update log: appends of one event-loop turn (or arriving while a commit
 * runs) share one transaction. An append resolves only after its entry is durable, which is
 * what lets the server acknowledge it; entries of an artifact deleted meanwhile are refused
 * (404) without failing the others.
 */
export class UpdateLog {
  /** Commits and entries so far, for metrics and benchmarks. */
  readonly stats = { commits: 0, entries: 0 };
  private readonly group: GroupCommit<LogEntry, undefined>;

  constructor(store: ArtifactStore) {
    this.group = new GroupCommit<LogEntry, undefined>(async (entries) => {
      const { gone } = await store.appendUpdates(entries);
      const outcomes = entries.map((e) => (gone.includes(e.artifactId) ? { error: notFound('artifact') } : { value: undefined }));
      this.stats.commits++;
      this.stats.entries += outcomes.filter((o) => 'value' in o).length;
      return outcomes;
    });
  }

  async append(entry: LogEntry): Promise<void> {
    await this.group.add(entry);
  }

  /** Resolves once everything appended so far is committed (or failed). */
  flush(): Promise<void> {
    return this.group.flush();
  }
}
