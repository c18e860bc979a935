import { OutgoingMessage } from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { awarenessRemovalsOf } from './awareness-removals.ts';

/** The Redis extension's wire form: [identifier length][identifier][message]. */
const onRedis = (message: Uint8Array) => Buffer.concat([Buffer.from([2]), Buffer.from('i0'), message]);

describe('awarenessRemovalsOf', () => {
  it('finds the clients an awareness update says are gone, and nothing in other messages', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    const other = new Y.Doc();
    const peer = new Awareness(other);
    peer.setLocalState({ user: { id: 'bob' } });
    // The peer's state arrives, then leaves (its own removal bumps its clock).
    const stateUpdate = new OutgoingMessage('doc-1').createAwarenessUpdateMessage(peer, [other.clientID]).toUint8Array();
    expect(awarenessRemovalsOf(onRedis(stateUpdate))).toBeUndefined();
    removeAwarenessStates(peer, [other.clientID], null);
    const gone = new OutgoingMessage('doc-1').createAwarenessUpdateMessage(peer, [other.clientID]).toUint8Array();
    expect(awarenessRemovalsOf(onRedis(gone))).toEqual({ documentName: 'doc-1', removals: [{ clientId: other.clientID, clock: 2 }] });
    expect(awarenessRemovalsOf(onRedis(new OutgoingMessage('doc-1').writeQueryAwareness().toUint8Array()))).toBeUndefined();
    expect(awarenessRemovalsOf(Buffer.from([5, 1, 2]))).toBeUndefined();
    awareness.destroy();
    peer.destroy();
  });
});
