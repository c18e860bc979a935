import type { SqlClient } from './sql.ts';

/**
 * Storage faults for tests, injected at the SQL seam around the real database (PGlite): the
 * next write that matches fails, hangs, or commits and then reports a broken connection — the
 * one fault a real PGlite cannot produce on demand.
 */
export type Fault =
  /** The statement fails; its transaction rolls back. */
  | { kind: 'fail' }
  /** The statement waits `ms` first, then runs (or fails). */
  | { kind: 'hang'; ms: number; then?: 'run' | 'fail' }
  /** The write commits, then the caller is told the connection broke (outcome hidden). */
  | { kind: 'lost-ack' };

/** Statements that store updates (the log's appends, also inside a restore). */
export const LOG_APPEND = /insert into updates/i;

export class FaultInjector {
  private readonly armed: { fault: Fault; match: RegExp }[] = [];
  /** Faults that went off, for assertions. */
  readonly fired: Fault['kind'][] = [];

  /** The next `times` statements matching `match` get `fault`. */
  arm(fault: Fault, match: RegExp = LOG_APPEND, times = 1): void {
    for (let i = 0; i < times; i++) this.armed.push({ fault, match });
  }

  get pending(): number {
    return this.armed.length;
  }

  wrap(db: SqlClient): SqlClient {
    return this.layer(db, undefined);
  }

  private take(sql: string): Fault | undefined {
    const index = this.armed.findIndex((a) => a.match.test(sql));
    if (index === -1) return undefined;
    const [{ fault }] = this.armed.splice(index, 1) as [{ fault: Fault; match: RegExp }];
    this.fired.push(fault.kind);
    return fault;
  }

  /** `lostAck` is set on the transaction that must report a broken connection after it commits. */
  private layer(db: SqlClient, inTransaction: { lostAck: boolean } | undefined): SqlClient {
    return {
      query: <T>(sql: string, params?: unknown[]) => this.run(sql, inTransaction, () => db.query<T>(sql, params)),
      exec: (sql: string) => this.run(sql, inTransaction, () => db.exec(sql)),
      transaction: async <T>(fn: (tx: SqlClient) => Promise<T>) => {
        if (inTransaction) return fn(this.layer(db, inTransaction));
        const state = { lostAck: false };
        const result = await db.transaction((tx) => fn(this.layer(tx, state)));
        if (state.lostAck) throw new Error('injected fault: connection terminated unexpectedly (after COMMIT)');
        return result;
      },
      session: <T>(fn: (session: SqlClient) => Promise<T>) => db.session((session) => fn(this.layer(session, inTransaction))),
      close: () => db.close(),
    };
  }

  /** Runs one statement (or one multi-statement query) with the fault armed for it, if any. */
  private async run<T>(sql: string, inTransaction: { lostAck: boolean } | undefined, statement: () => Promise<T>): Promise<T> {
    const fault = this.take(sql);
    if (fault?.kind === 'fail') throw new Error('injected fault: the database refused the write');
    if (fault?.kind === 'hang') {
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      if (fault.then === 'fail') throw new Error('injected fault: the write failed after hanging');
    }
    if (fault?.kind === 'lost-ack') {
      if (inTransaction) inTransaction.lostAck = true;
      else {
        await statement();
        throw new Error('injected fault: connection terminated unexpectedly (after the write committed)');
      }
    }
    return statement();
  }
}
