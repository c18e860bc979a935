import { Document } from '@hocuspocus/server';
import type * as Y from 'yjs';
import { AppError } from '../errors.ts';
import { recordBroadcast, type EditVia } from '../telemetry/index.ts';
import type { ServerEditOrigin } from './context.ts';

/** The live document holds a change that failed to commit; it is being reloaded from storage. */
export const reloading = () =>
  new AppError('reloading', 'the document is being reloaded from storage after a failed write; try again', 503, { retryable: true });

/** Whether `error` is that refusal (a wait on a poisoned gate; nothing was changed, retrying is safe). */
export const isReloading = (error: unknown): error is AppError => error instanceof AppError && error.code === 'reloading';

/** One server change applied to the live document and waiting for its commit. */
export interface Ticket {
  /** True once the document is being reloaded: the commit must not store this change. */
  readonly refused: boolean;
  /** The commit of this change failed (or its outcome is unknown): reload the document. */
  failed(): void;
}

interface PendingChange extends Ticket {
  update: Uint8Array;
  origin: unknown;
  transaction: unknown;
  /** When the edit reached the server (performance.now()), for the edit → broadcast latency. */
  startedAtMs: number;
  committed: boolean;
}

/**
 * Keeps what is not stored out of sight. Server changes (op batches, restores) are applied to
 * the live document with its listeners set aside, so nobody sees them, and are announced (in
 * apply order) only once committed. Everything else that reads the document's state — a
 * socket's sync step 1, live JSON, a publish — takes a hold, which waits until no change is
 * pending and keeps new changes out until it is released. Holds take precedence over new
 * changes, so readers are never starved.
 *
 * When a commit fails, the document is *poisoned*: it holds a change that is not stored, and
 * later changes may build on it. Nothing more is announced or read from it; changes still
 * queued are refused before they reach the database; the owner evicts it from memory once
 * idle, and the next open loads it from storage (viewers resync).
 */
export class WriteGate {
  private readonly pending: PendingChange[] = [];
  private holdsWaiting = 0;
  private holdsActive = 0;
  private exclusive = false;
  /** Edits and holds currently using the document (eviction waits for them). */
  private users = 0;
  private wakers: (() => void)[] = [];
  private poisonedFlag = false;
  private resolveEvicted!: () => void;
  /** Resolves once the poisoned document has left memory. */
  readonly evicted = new Promise<void>((resolve) => (this.resolveEvicted = resolve));

  constructor(
    private readonly doc: Y.Doc,
    private readonly onPoisoned: (gate: WriteGate) => void,
  ) {}

  get poisoned(): boolean {
    return this.poisonedFlag;
  }

  /** Nothing pending, nobody using it: safe to drop from memory. */
  get idle(): boolean {
    return this.users === 0 && this.pending.length === 0;
  }

  /** Marks the start and end of a use (an edit or a hold); eviction waits for every use to end. */
  enter(): void {
    this.users++;
  }

  leave(): void {
    this.users--;
    this.wake();
  }

  /** Waits until the document is idle (for eviction). */
  async whenIdle(): Promise<void> {
    while (!this.idle) await this.changed();
  }

  /**
   * Runs `apply` as soon as a change may be made (no hold waiting or active, not alone), in the
   * same turn as that check, so no hold can slip in between; throws `reloading` when poisoned.
   * `apply` makes the change unannounced and calls `begin` for it.
   */
  async change<T>(apply: () => T): Promise<T> {
    for (;;) {
      if (this.poisonedFlag) throw reloading();
      if (this.holdsWaiting === 0 && this.holdsActive === 0 && !this.exclusive) return apply();
      await this.changed();
    }
  }

  /**
   * Registers a change just applied (unannounced). It is announced once it and every change
   * before it have committed.
   */
  begin(update: Uint8Array, origin: unknown, transaction: unknown, startedAtMs = performance.now()): Ticket {
    const gate = this;
    const change: PendingChange = {
      update,
      origin,
      transaction,
      startedAtMs,
      committed: false,
      get refused() {
        return gate.poisonedFlag;
      },
      failed: () => this.poison(),
    };
    this.pending.push(change);
    return change;
  }

  /** The change's commit succeeded: announce it (and any committed ones behind it). */
  committed(ticket: Ticket): void {
    const change = ticket as PendingChange;
    change.committed = true;
    if (this.poisonedFlag) {
      // Stored, but the document is being reloaded: viewers get it with their resync.
      this.remove(change);
      return;
    }
    const nowMs = performance.now();
    while (this.pending[0]?.committed) {
      const next = this.pending.shift() as PendingChange;
      this.doc.emit('update', [next.update, next.origin, this.doc, next.transaction as Y.Transaction]);
      // The emit hands it to Hocuspocus' broadcast: n sockets are n deliveries, counted once.
      recordBroadcast(editVia(next.origin), this.doc instanceof Document ? this.doc.connections.size : 0, next.startedAtMs, nowMs);
    }
    this.wake();
  }

  /** The change's commit failed or its outcome is unknown. */
  failed(ticket: Ticket): void {
    this.remove(ticket as PendingChange);
    this.poison();
  }

  /**
   * Waits until no change is pending, then keeps changes out until the returned release is
   * called. Throws `reloading` when poisoned. The caller must release (even on error).
   */
  async hold(): Promise<() => void> {
    this.holdsWaiting++;
    try {
      for (;;) {
        if (this.poisonedFlag) throw reloading();
        if (this.pending.length === 0 && !this.exclusive) break;
        await this.changed();
      }
    } finally {
      this.holdsWaiting--;
    }
    this.holdsActive++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holdsActive--;
      this.wake();
    };
  }

  /** Runs `read` on the document at an instant when everything in it is stored. */
  async read<T>(read: () => T): Promise<T> {
    const release = await this.hold();
    try {
      return read();
    } finally {
      release();
    }
  }

  /**
   * Runs `fn` alone: once nothing is pending and nobody holds, with changes and holds kept out
   * until it settles (restore: its change commits in a transaction of its own, so nothing may
   * build on it in the meantime).
   */
  async alone<T>(fn: () => Promise<T>): Promise<T> {
    for (;;) {
      if (this.poisonedFlag) throw reloading();
      if (this.pending.length === 0 && this.holdsActive === 0 && this.holdsWaiting === 0 && !this.exclusive) break;
      await this.changed();
    }
    this.exclusive = true;
    try {
      return await fn();
    } finally {
      this.exclusive = false;
      this.wake();
    }
  }

  /** The document was changed in a way that cannot stand (a refused socket update): reload it. */
  discard(): void {
    this.poison();
  }

  /** Called by the owner once the poisoned document has left memory. */
  markEvicted(): void {
    this.resolveEvicted();
  }

  private poison(): void {
    if (this.poisonedFlag) return;
    this.poisonedFlag = true;
    this.wake();
    this.onPoisoned(this);
  }

  private remove(change: PendingChange): void {
    const index = this.pending.indexOf(change);
    if (index !== -1) this.pending.splice(index, 1);
    this.wake();
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => this.wakers.push(resolve));
  }

  private wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }
}

/** The write gate of every loaded document (made on first use, gone with the document). */
export class WriteGates {
  private readonly gates = new WeakMap<Y.Doc, WriteGate>();

  /** `onPoisoned` evicts the document once its gate is idle (see DocumentHost). */
  constructor(private readonly onPoisoned: (doc: Y.Doc, gate: WriteGate) => void) {}

  of(doc: Y.Doc): WriteGate {
    let gate = this.gates.get(doc);
    if (!gate) this.gates.set(doc, (gate = new WriteGate(doc, (g) => this.onPoisoned(doc, g))));
    return gate;
  }
}

/** Server changes name their kind in their origin (ServerEditOrigin); everything else came over a socket. */
function editVia(origin: unknown): EditVia {
  const via = (origin as Partial<ServerEditOrigin> | null | undefined)?.context?.via;
  return via === 'ops' || via === 'restore' ? via : 'socket';
}
