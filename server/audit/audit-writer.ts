import { GroupCommit } from '../store/group-commit.ts';
import type { SqlClient } from '../store/sql.ts';
import { appendAuditEvents, type AuditEvent, type AuditEventInput } from './audit-log.ts';

/**
 * Events that stand alone (viewed, exported, login-denied): there is no change to share a
 * transaction with, so they are group-committed among themselves, like the update log. Many
 * viewers opening a page at once cost one transaction. `record` resolves once the event is
 * committed, so a caller can refuse to serve content whose viewing could not be recorded.
 * Events that record a change never come here: they ride in the change's own transaction.
 */
export class AuditWriter {
  private readonly group: GroupCommit<AuditEventInput, AuditEvent>;

  constructor(db: SqlClient) {
    this.group = new GroupCommit(async (inputs) => (await db.transaction((tx) => appendAuditEvents(tx, inputs))).map((value) => ({ value })));
  }

  record(input: AuditEventInput): Promise<AuditEvent> {
    return this.group.add(input);
  }

  /** Resolves once everything recorded so far is committed (or failed). */
  flush(): Promise<void> {
    return this.group.flush();
  }
}
