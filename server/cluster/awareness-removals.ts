import { MessageType, type Document } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import { removeAwarenessStates } from 'y-protocols/awareness';

/**
 * Presence that ends on another instance. Hocuspocus 4.7 decodes every incoming awareness
 * update into a scratch Awareness and re-encodes only the states it holds, so the entry that
 * says "this client is gone" (a `null` state) never reaches the document when it comes through
 * Redis, and the other instances kept showing a viewer who left until y-protocols' outdated
 * timeout (30 s). These helpers read such entries from a Redis message and apply them, with
 * the clock rule of `applyAwarenessUpdate` (a removal wins over the same or an older clock).
 */

/** One "client gone" entry of an awareness update. */
export interface AwarenessRemoval {
  clientId: number;
  clock: number;
}

/** The document and the removal entries of a Redis message ([id length][id][message]), if it is an awareness update with any. */
export function awarenessRemovalsOf(data: Uint8Array): { documentName: string; removals: AwarenessRemoval[] } | undefined {
  try {
    const decoder = decoding.createDecoder(data);
    const identifierLength = decoding.readUint8(decoder);
    decoder.pos += identifierLength;
    const documentName = decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MessageType.Awareness) return undefined;
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const removals: AwarenessRemoval[] = [];
    for (let count = decoding.readVarUint(update); count > 0; count--) {
      const clientId = decoding.readVarUint(update);
      const clock = decoding.readVarUint(update);
      if (JSON.parse(decoding.readVarString(update)) === null) removals.push({ clientId, clock });
    }
    return removals.length > 0 ? { documentName, removals } : undefined;
  } catch {
    return undefined; // not ours to judge: the extension's own handler takes it
  }
}

/** Removes the states the entries say are gone, unless the document holds a newer one. */
export function applyAwarenessRemovals(document: Document, removals: readonly AwarenessRemoval[], origin: unknown): void {
  const { awareness } = document;
  const gone = removals
    .filter(({ clientId, clock }) => awareness.states.has(clientId) && (awareness.meta.get(clientId)?.clock ?? 0) <= clock)
    .map(({ clientId }) => clientId);
  if (gone.length > 0) removeAwarenessStates(awareness, gone, origin);
}
