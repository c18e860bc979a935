import type { Socket } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { eventually } from './eventually.ts';

/**
 * A Hocuspocus-protocol client framed by hand, for tests that must control exactly which bytes
 * reach the server and when (a provider paces, batches and retries by itself).
 */

/** Hocuspocus message types (see @hocuspocus/server src/types.ts) and y-protocols sync types. */
export const MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3, syncReply: 4, stateless: 5, close: 7, syncStatus: 8 } as const;
export const SYNC = { step1: 0, step2: 1, update: 2 } as const;
/** Server → client auth answers. */
const AUTH_DENIED = 1;
const AUTH_OK = 2;

export function frame(documentName: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const authFrame = (documentName: string, token: string) =>
  frame(documentName, (e) => {
    encoding.writeVarUint(e, MESSAGE.auth);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, token);
  });

export const syncFrame = (documentName: string, syncType: number, payload: Uint8Array) =>
  frame(documentName, (e) => {
    encoding.writeVarUint(e, MESSAGE.sync);
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, payload);
  });

/** Step 1 with an empty state vector: "send me the whole document". */
export const wholeDocumentRequest = (documentName: string) => syncFrame(documentName, SYNC.step1, new Uint8Array([0]));

export interface Incoming {
  document: string;
  type: number;
  syncType?: number;
  payloadBytes?: number;
  /** Auth answers: whether the document was accepted; denials and CLOSE messages: why not. */
  authenticated?: boolean;
  reason?: string;
}

/** An upgrade the server answered with an HTTP status instead of a WebSocket. */
export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly reason: string | undefined,
  ) {
    super(`upgrade refused: ${status} ${reason ?? ''}`);
  }
}

export class RawSocket {
  readonly received: Incoming[] = [];
  /** Resolves with the close code and reason the client saw. */
  readonly closed: Promise<{ code: number; reason: string }>;
  bytesReceived = 0;
  closedWith: { code: number; reason: string } | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.bytesReceived += data.length;
      this.received.push(decode(data));
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString() };
        resolve(this.closedWith);
      }),
    );
  }

  /** Opens a socket to `/collab` of `baseUrl`; rejects with UpgradeRefused when the server says no. */
  static open(baseUrl: string, options: { localAddress?: string } = {}): Promise<RawSocket> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/collab`, { perMessageDeflate: false, ...options });
    return new Promise((resolve, reject) => {
      ws.once('unexpected-response', (_request, response) => {
        reject(new UpgradeRefused(response.statusCode ?? 0, response.headers['x-reason'] as string | undefined));
        response.resume();
        ws.terminate();
      });
      ws.once('error', reject);
      const socket = new RawSocket(ws);
      ws.once('open', () => resolve(socket));
    });
  }

  /** How the socket closed, or undefined if it is still open after `timeoutMs`. */
  closedWithin(timeoutMs: number): Promise<{ code: number; reason: string } | undefined> {
    return Promise.race([this.closed, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs))]);
  }

  send(data: Uint8Array): void {
    this.ws.send(data);
  }

  /** Sends the auth message for `documentName` and waits for the server's answer. */
  async authenticate(documentName: string, token: string): Promise<Incoming> {
    const from = this.received.length;
    this.send(authFrame(documentName, token));
    let answer: Incoming | undefined;
    await eventually(() => {
      answer = this.received.slice(from).find((m) => m.document === documentName && m.type === MESSAGE.auth);
      if (!answer) throw new Error(`no auth answer for ${documentName}`);
    });
    return answer!;
  }

  /** Asks for the whole document and waits for it (step 2); returns its size in bytes. */
  async sync(documentName: string): Promise<number> {
    const from = this.received.length;
    this.send(wholeDocumentRequest(documentName));
    let bytes = 0;
    await eventually(() => {
      const step2 = this.received.slice(from).find((m) => m.document === documentName && m.syncType === SYNC.step2);
      if (!step2) throw new Error(`no step 2 for ${documentName}`);
      bytes = step2.payloadBytes ?? 0;
    });
    return bytes;
  }

  /** Stops reading from the TCP socket: what the server sends piles up on its side. */
  pause(): void {
    (this.ws as unknown as { _socket: Socket })._socket.pause();
  }

  resume(): void {
    (this.ws as unknown as { _socket: Socket })._socket.resume();
  }

  close(): void {
    this.ws.terminate();
  }
}

function decode(data: Buffer): Incoming {
  const decoder = decoding.createDecoder(new Uint8Array(data));
  const document = decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  if (type === MESSAGE.sync || type === MESSAGE.syncReply) {
    const syncType = decoding.readVarUint(decoder);
    return { document, type, syncType, payloadBytes: decoding.readVarUint8Array(decoder).length };
  }
  if (type === MESSAGE.auth) {
    const authType = decoding.readVarUint(decoder);
    if (authType === AUTH_OK) return { document, type, authenticated: true };
    if (authType === AUTH_DENIED) return { document, type, authenticated: false, reason: decoding.readVarString(decoder) };
  }
  if (type === MESSAGE.close) return { document, type, reason: decoding.readVarString(decoder) };
  return { document, type };
}

/** What a {@link syncedClient} saw: sync messages with their payload, CLOSE with its reason. */
export interface SyncedIncoming {
  type: number;
  syncType?: number;
  payload?: Uint8Array;
  reason?: string;
}

/**
 * A raw socket on one document, authenticated and synced into its own `doc` (every update the
 * server sends is applied to it); records what arrives. For tests of the write path at the wire.
 */
export async function syncedClient(baseUrl: string, documentName: string, token = 'test') {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/collab`, { perMessageDeflate: false });
  const doc = new Y.Doc();
  const received: SyncedIncoming[] = [];
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE.sync || type === MESSAGE.syncReply) {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (syncType !== SYNC.step1) Y.applyUpdate(doc, payload, 'server');
      received.push({ type, syncType, payload });
    } else if (type === MESSAGE.close) {
      received.push({ type, reason: decoding.readVarString(decoder) });
    } else {
      received.push({ type });
    }
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(authFrame(documentName, token));
  ws.send(syncFrame(documentName, SYNC.step1, Y.encodeStateVector(doc)));
  await eventually(() => {
    if (!received.some((m) => m.syncType === SYNC.step2)) throw new Error(`no step 2 for ${documentName}`);
  });
  return {
    ws,
    doc,
    received,
    count: (predicate: (m: SyncedIncoming) => boolean) => received.filter(predicate).length,
  };
}
