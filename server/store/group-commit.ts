/** How one item of a batch came out. */
export type Outcome<R> = { value: R } | { error: unknown };

interface Pending<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items added in one event-loop turn, or while a commit is running, are handed
 * to `commit` together, so many writers cost one transaction instead of one each. `add`
 * resolves once its item's outcome is known (committed, or refused on its own); a commit that
 * throws rejects its whole batch. Used by the update log and the audit writer.
 */
export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = [];
  private running: Promise<void> | null = null;

  /** `commit` answers one outcome per item, in order. */
  constructor(private readonly commit: (items: T[]) => Promise<Outcome<R>[]>) {}

  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // setImmediate gathers everything that arrives in this I/O phase into one commit.
      this.running ??= new Promise<void>((done) => setImmediate(done)).then(() => this.drain());
    });
  }

  /**
   * Takes an item back if its commit has not started, rejecting it with `error`; false when it
   * is already being committed (or settled), whose outcome then stands.
   */
  withdraw(item: T, error: unknown): boolean {
    const index = this.queue.findIndex((p) => p.item === item);
    if (index === -1) return false;
    const [pending] = this.queue.splice(index, 1);
    pending?.reject(error);
    return true;
  }

  /** Resolves once everything added so far is committed (or failed). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          const outcomes = await this.commit(batch.map((p) => p.item));
          batch.forEach((p, i) => {
            const outcome = outcomes[i] as Outcome<R>;
            if ('error' in outcome) p.reject(outcome.error);
            else p.resolve(outcome.value);
          });
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
