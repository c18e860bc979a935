import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { expect } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { eventually } from '../test-server.ts';

/*
 * A raw Hocuspocus-protocol client for tests of the socket path at the wire, so a test
 * controls exactly which frames reach the server and when (a provider would pace and batch
 * them).
 */

export const SYNC = 0;
export const AUTH = 2;
export const SYNC_REPLY = 4;
export const CLOSE = 7;
export const SYNC_STATUS = 8;
export const STEP_1 = 0;
export const STEP_2 = 1;
export const UPDATE = 2;

export function frame(documentName: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const syncFrame = (name: string, syncType: number, payload: Uint8Array) =>
  frame(name, (e) => {
    encoding.writeVarUint(e, SYNC);
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, payload);
  });

export type Incoming = { type: number; syncType?: number; payload?: Uint8Array; reason?: string };

/** A raw socket on one document: authenticated and synced into `doc`; records what arrives. */
export async function rawClient(baseUrl: string, documentName: string, token = 'test') {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/collab`, { perMessageDeflate: false });
  const doc = new Y.Doc();
  const received: Incoming[] = [];
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === SYNC || type === SYNC_REPLY) {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (syncType !== STEP_1) Y.applyUpdate(doc, payload, 'server');
      received.push({ type, syncType, payload });
    } else if (type === CLOSE) {
      received.push({ type, reason: decoding.readVarString(decoder) });
    } else {
      received.push({ type });
    }
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(
    frame(documentName, (e) => {
      encoding.writeVarUint(e, AUTH);
      encoding.writeVarUint(e, 0);
      encoding.writeVarString(e, token);
    }),
  );
  ws.send(syncFrame(documentName, STEP_1, Y.encodeStateVector(doc)));
  await eventually(() => expect(received.some((m) => m.syncType === STEP_2)).toBe(true));
  return {
    ws,
    doc,
    received,
    count: (predicate: (m: Incoming) => boolean) => received.filter(predicate).length,
  };
}

