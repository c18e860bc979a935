import * as Y from 'yjs';
import { AppError } from '../errors.ts';
import type { ArtifactStore } from '../store/index.ts';
import { withUpdateListenersSetAside } from './internals.ts';
import { loadClean } from './stored-document.ts';

/** What a server change made: the caller's result and the one update (none = no change). */
export interface Captured<T> {
  result: T;
  update: Uint8Array | undefined;
  transaction: Y.Transaction | undefined;
}

/**
 * Runs `mutate` on the live document with its listeners set aside, capturing the update its
 * transactions with `origin` make. Nobody is told: the caller announces it after the commit.
 * A throwing `mutate` must not have changed anything (ops validate before they apply).
 */
export function captureUnannounced<T>(doc: Y.Doc, origin: unknown, mutate: () => T): Captured<T> {
  const updates: Uint8Array[] = [];
  let transaction: Y.Transaction | undefined;
  const result = withUpdateListenersSetAside(doc, () => {
    doc.on('update', (update: Uint8Array, o: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
      if (o !== origin) return;
      updates.push(update);
      transaction = tr;
    });
    return mutate();
  });
  const update = updates.length === 0 ? undefined : updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
  return { result, update, transaction };
}

/** Attempts (and pauses between them) at telling whether a failed commit landed. */
const VERIFY_DELAYS_MS = [0, 100, 400, 1_000];

/**
 * After a commit failed in a way that does not say whether it landed (the connection broke
 * during COMMIT): reads what is stored and checks whether it contains `update`. Undefined when
 * storage cannot be read either.
 */
export async function wasStored(store: ArtifactStore, artifactId: string, update: Uint8Array): Promise<boolean | undefined> {
  for (const delayMs of VERIFY_DELAYS_MS) {
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    try {
      const { doc } = loadClean(await store.loadDocument(artifactId));
      try {
        return Y.snapshotContainsUpdate(Y.snapshot(doc), update);
      } finally {
        doc.destroy();
      }
    } catch {
      // Storage is still unreachable: try again, then give up.
    }
  }
  return undefined;
}

/**
 * The answer for a change whose commit failed, after it was checked: an AppError the commit
 * raised on purpose (not found, refused, timed out) stands; else it was not stored, or nobody
 * can tell yet.
 */
export function commitFailure(error: unknown, stored: boolean | undefined): AppError {
  if (error instanceof AppError) return error;
  if (stored === false) {
    return new AppError('unavailable', 'the change could not be stored; nothing of it was stored or shown; retry it', 503, { retryable: true, stored: false }, { cause: error });
  }
  return new AppError(
    'unavailable',
    'the change could not be stored, and storage cannot tell yet whether it landed; retry it with the same Idempotency-Key to learn the outcome',
    503,
    { retryable: true, stored: 'unknown' },
    { cause: error },
  );
}
