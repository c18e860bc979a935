import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The three wire protocols under test, framed by hand so the load generator does not decode
 * Yjs: `relay` forwards raw frames (nothing to send), `y-websocket` is the y-protocols sync
 * message as is, and `hocuspocus` prefixes every message with the document name (it
 * multiplexes documents on one socket) and wants an auth message before anything else.
 */
export type Protocol = 'relay' | 'y-websocket' | 'hocuspocus';

/** y-protocols message and sync types. */
const MESSAGE_SYNC = 0;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
/** Hocuspocus message types beyond y-protocols' (see @hocuspocus/server src/types.ts). */
const HP_AUTH = 2;
const HP_QUERY_AWARENESS = 3;
const HP_SYNC_REPLY = 4;
const HP_SYNC_STATUS = 8;
const HP_AUTH_TOKEN = 0;
const HP_PERMISSION_DENIED = 1;
const HP_AUTHENTICATED = 2;

/** Frames a sync-layer payload (step 1, step 2 or update) for `protocol`. */
export function syncFrame(protocol: Protocol, documentName: string, syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  if (protocol === 'hocuspocus') encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const step1Frame = (protocol: Protocol, documentName: string, stateVector: Uint8Array) => syncFrame(protocol, documentName, SYNC_STEP_1, stateVector);
export const step2Frame = (protocol: Protocol, documentName: string, update: Uint8Array) => syncFrame(protocol, documentName, SYNC_STEP_2, update);
export const updateFrame = (protocol: Protocol, documentName: string, update: Uint8Array) => syncFrame(protocol, documentName, SYNC_UPDATE, update);

/** Hocuspocus auth message: must precede sync for each document on a socket. */
export function authFrame(documentName: string, token: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, HP_AUTH);
  encoding.writeVarUint(encoder, HP_AUTH_TOKEN);
  encoding.writeVarString(encoder, token);
  return encoding.toUint8Array(encoder);
}

/**
 * What a quiet viewer sends now and then so the server keeps its socket. Hocuspocus closes a
 * connection that sent nothing for `timeout` (60 s); a real provider never is that quiet, as its
 * awareness renews itself every 15 s. With presence off, a viewer asks for the awareness
 * states instead: answered to it alone, not broadcast. Undefined: the protocol needs nothing
 * (y-websocket relies on ws pings, which the ws client answers by itself).
 */
export function keepaliveFrame(protocol: Protocol, documentName: string): Uint8Array | undefined {
  if (protocol !== 'hocuspocus') return undefined;
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, HP_QUERY_AWARENESS);
  return encoding.toUint8Array(encoder);
}

/** How often quiet viewers send `keepaliveFrame` (a provider's awareness renews every 15 s). */
export const KEEPALIVE_MS = 15_000;

/** A state vector of an empty document: "send me everything". */
export const EMPTY_STATE_VECTOR = new Uint8Array([0]);

/** Frames a viewer sends on open to receive the whole document and then every update. */
export function openingFrames(protocol: Protocol, documentName: string, token: string): Uint8Array[] {
  if (protocol === 'relay') return [];
  const step1 = step1Frame(protocol, documentName, EMPTY_STATE_VECTOR);
  return protocol === 'hocuspocus' ? [authFrame(documentName, token), step1] : [step1];
}

export type FrameKind =
  | { kind: 'step1'; payload: Uint8Array }
  | { kind: 'step2'; payload: Uint8Array }
  | { kind: 'update'; payload: Uint8Array }
  | { kind: 'sync-status'; applied: boolean }
  | { kind: 'authenticated' }
  | { kind: 'denied'; reason: string }
  | { kind: 'other' };

/** Reads only the message header (and the payload when asked for a sync message). */
export function classifyFrame(protocol: Protocol, data: Uint8Array): FrameKind {
  try {
    const decoder = decoding.createDecoder(data);
    if (protocol === 'hocuspocus') decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC || (protocol === 'hocuspocus' && type === HP_SYNC_REPLY)) {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (syncType === SYNC_STEP_1) return { kind: 'step1', payload };
      if (syncType === SYNC_STEP_2) return { kind: 'step2', payload };
      if (syncType === SYNC_UPDATE) return { kind: 'update', payload };
      return { kind: 'other' };
    }
    if (protocol !== 'hocuspocus') return { kind: 'other' };
    if (type === HP_SYNC_STATUS) return { kind: 'sync-status', applied: decoding.readVarUint(decoder) === 1 };
    if (type === HP_AUTH) {
      const authType = decoding.readVarUint(decoder);
      if (authType === HP_AUTHENTICATED) return { kind: 'authenticated' };
      if (authType === HP_PERMISSION_DENIED) return { kind: 'denied', reason: decoding.readVarString(decoder) };
    }
    return { kind: 'other' };
  } catch {
    return { kind: 'other' };
  }
}

/**
 * Edits carry their send time as `\u0001T<wall-clock ms>\u0002` inside inserted text. Yjs
 * encodes string content as plain UTF-8 inside an update, and merged updates keep it
 * contiguous, so a viewer finds every timestamp in a frame with a byte search.
 */
export const marker = (sentAtMs: number) => `\u0001T${sentAtMs.toFixed(3)}\u0002`;

/** How many edit markers a text holds. */
export const countMarkers = (text: string | undefined) => (text?.match(/\u0001T/g) ?? []).length;
const MARKER_START = Buffer.from('\u0001T', 'latin1');
const MARKER_END = 0x02;

/** Calls `found` with every send timestamp in `frame`. */
export function scanMarkers(frame: Buffer, found: (sentAtMs: number) => void): void {
  let at = frame.indexOf(MARKER_START);
  while (at !== -1) {
    const end = frame.indexOf(MARKER_END, at + 2);
    if (end === -1) return;
    const sentAtMs = Number(frame.toString('latin1', at + 2, end));
    if (Number.isFinite(sentAtMs)) found(sentAtMs);
    at = frame.indexOf(MARKER_START, end + 1);
  }
}
