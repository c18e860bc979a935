import * as Y from 'yjs';
import type { StoredDocument } from '../store/index.ts';
import { canSetListenersAside, withUpdateListenersSetAside } from './internals.ts';

/** Applies a stored state and log to a document, in one transaction (throws if any entry does). */
export function applyStored(doc: Y.Doc, stored: StoredDocument): void {
  doc.transact(() => {
    if (stored.state) Y.applyUpdate(doc, stored.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
}

/**
 * Loads stored content into a document nobody is connected to yet, without its 'update' event.
 * Yjs encodes a transaction's changes as an update only when 'update' has listeners, and the
 * Hocuspocus document always has one (its broadcast), so a plain apply would encode the whole
 * loaded document once more, for nobody: a fifth of a 10,000-section cold load, plus its
 * garbage. Where the listeners cannot be set aside, it is simply a plain apply.
 */
export function applyUnannounced(doc: Y.Doc, stored: StoredDocument): void {
  if (canSetListenersAside(doc)) withUpdateListenersSetAside(doc, () => applyStored(doc, stored));
  else applyStored(doc, stored);
}

/** A stored document loaded into a fresh Y.Doc, and the log entries left out (by position). */
export interface CleanLoad {
  doc: Y.Doc;
  skipped: number[];
}

/**
 * The stored content as a fresh document, whatever the log holds. A log entry that fails to
 * apply (stored before socket updates were checked by applying them, or damaged) does not
 * take the artifact down: it is left out and named, and the rest is served. Yjs may have
 * half-applied the entry that threw, so the document is rebuilt without it. Only a state that
 * does not apply throws: there is nothing sound to serve then. The caller destroys `doc`.
 */
export function loadClean(stored: StoredDocument): CleanLoad {
  const doc = new Y.Doc();
  try {
    applyStored(doc, stored);
    return { doc, skipped: [] };
  } catch {
    doc.destroy();
  }
  const skipped: number[] = [];
  let scratch = withState(stored.state);
  stored.updates.forEach((update, i) => {
    try {
      Y.applyUpdate(scratch, update);
    } catch {
      skipped.push(i);
      scratch.destroy();
      scratch = withState(stored.state);
      stored.updates.forEach((good, j) => {
        if (j < i && !skipped.includes(j)) Y.applyUpdate(scratch, good);
      });
    }
  });
  return { doc: scratch, skipped };
}

/** The stored content without the entries that fail to apply. */
export function withoutSkipped(stored: StoredDocument, skipped: readonly number[]): StoredDocument {
  return { ...stored, updates: stored.updates.filter((_, i) => !skipped.includes(i)) };
}

/** The state and log as one update (compaction): applied to a fresh document, then encoded once. */
export function foldStored(stored: StoredDocument): Uint8Array {
  const { doc } = loadClean(stored);
  const folded = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return folded;
}

function withState(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc;
}
