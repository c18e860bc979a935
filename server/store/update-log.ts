import { notFound } from '../errors.ts';
import type { ArtifactStore, LogEntry } from './artifact-store.ts';

interface Pending {
  entry: LogEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the update log. Every append waits for a commit; appends that arrive
 * while a commit is running (or in the same event-loop turn) share the next one, so many
 * writers cost one transaction instead of one each. An append resolves only after its
 * entry is durable, which is what lets the server acknowledge it.
 */
export class UpdateLog {
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  /** Commits and entries so far, for metrics and benchmarks. */
  readonly stats = { commits: 0, entries: 0 };

  constructor(private readonly store: ArtifactStore) {}

  append(entry: LogEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      // setImmediate gathers everything that arrives in this I/O phase into one commit.
      this.running ??= new Promise<void>((done) => setImmediate(done)).then(() => this.drain());
    });
  }

  /** Resolves once everything appended so far is committed (or failed). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          const { gone } = await this.store.appendUpdates(batch.map((p) => p.entry));
          this.stats.commits++;
          this.stats.entries += batch.length - gone.length;
          for (const p of batch) {
            if (gone.includes(p.entry.artifactId)) p.reject(notFound('artifact'));
            else p.resolve();
          }
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
