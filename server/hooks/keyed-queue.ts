/**
 * Runs tasks one at a time per key, in arrival order. A session's hook events read the
 * artifact and write ops computed from it; two at once (Claude Code runs matching hooks in
 * parallel, Pre and Post of a quick tool nearly together) would compute from the same state
 * and one would undo the other's pairing. Keys are dropped once idle, so memory stays bounded
 * by the sessions in flight.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task queued or running (tests). */
  get size(): number {
    return this.tails.size;
  }
}
