import type { SqlClient } from '../store/sql.ts';
import { appendAuditEvents, type AuditEvent, type AuditEventInput } from './audit-log.ts';

interface Pending {
  input: AuditEventInput;
  resolve: (event: AuditEvent) => void;
  reject: (error: unknown) => void;
}

/**
 * Events that stand alone (viewed, exported, login-denied): there is no change to share a
 * transaction with, so they are group-committed among themselves, like the update log. Many
 * viewers opening a page at once cost one transaction. `record` resolves once the event is
 * committed, so a caller can refuse to serve content whose viewing could not be recorded.
 * Events that record a change never come here: they ride in the change's own transaction.
 */
export class AuditWriter {
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly db: SqlClient) {}

  record(input: AuditEventInput): Promise<AuditEvent> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.running ??= new Promise<void>((done) => setImmediate(done)).then(() => this.drain());
    });
  }

  /** Resolves once everything recorded so far is committed (or failed). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          const events = await this.db.transaction((tx) => appendAuditEvents(tx, batch.map((p) => p.input)));
          batch.forEach((p, i) => p.resolve(events[i] as AuditEvent));
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
