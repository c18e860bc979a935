import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { artifactToJSON, findSection } from '#shared';
import { api, connectViewer, eventually, startTestServer, storedJSON as storedJSONOf } from '../test-server.ts';
import { applyUnannounced } from './persistence.ts';

/**
 * The socket write path at the wire: a raw Hocuspocus-protocol client, so a test controls
 * exactly which frames reach the server and when (a provider would pace and batch them).
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
});

const SYNC = 0;
const AUTH = 2;
const SYNC_REPLY = 4;
const CLOSE = 7;
const SYNC_STATUS = 8;
const STEP_1 = 0;
const STEP_2 = 1;
const UPDATE = 2;

function frame(documentName: string, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const syncFrame = (name: string, syncType: number, payload: Uint8Array) =>
  frame(name, (e) => {
    encoding.writeVarUint(e, SYNC);
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, payload);
  });

type Incoming = { type: number; syncType?: number; payload?: Uint8Array; reason?: string };

/** A raw socket on one document: authenticated and synced into `doc`; records what arrives. */
async function rawClient(documentName: string) {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/collab`, { perMessageDeflate: false });
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
      encoding.writeVarString(e, 'test');
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

async function createArtifact(title: string): Promise<string> {
  const res = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title });
  return res.body.id;
}

const storedJSON = (id: string) => storedJSONOf(server, id);

describe('socket updates: stored before they are applied, pipelined', () => {
  it('stores a burst of updates queued on one socket in few commits, acknowledges each, and broadcasts them merged', async () => {
    const id = await createArtifact('Burst');
    await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'log', type: 'markdown', text: '' } }] });
    const editor = await rawClient(id);
    const watcher = await rawClient(id);
    const text = findSection(editor.doc, 'log')?.get('text') as Y.Text;
    const updates: Uint8Array[] = [];
    editor.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'server') updates.push(update);
    });
    const EDITS = 300;
    for (let i = 0; i < EDITS; i++) text.insert(text.length, `<${i}>`);
    expect(updates).toHaveLength(EDITS);

    const before = { ...server.log.stats };
    const broadcastsBefore = watcher.count((m) => m.syncType === UPDATE);
    // One write per update, all in this tick: they reach the server's queue together.
    for (const update of updates) editor.ws.send(syncFrame(id, UPDATE, update));
    await eventually(() => expect(editor.count((m) => m.type === SYNC_STATUS)).toBe(EDITS), 10_000);

    const entries = server.log.stats.entries - before.entries;
    const commits = server.log.stats.commits - before.commits;
    expect(entries).toBe(EDITS);
    // One commit per update would be 300; queued updates share their predecessor's commit.
    expect(commits).toBeLessThan(EDITS / 5);
    const expected = Array.from({ length: EDITS }, (_, i) => `<${i}>`).join('');
    expect((await storedJSON(id)).sections[0]).toMatchObject({ text: expected });
    await eventually(() => expect((findSection(watcher.doc, 'log')?.get('text') as Y.Text).toString()).toBe(expected));
    // Applied in the same turn, they left as merged broadcasts: far fewer frames than edits.
    expect(watcher.count((m) => m.syncType === UPDATE) - broadcastsBefore).toBeLessThan(EDITS / 5);
    editor.ws.close();
    watcher.ws.close();
  });

  it('refuses a malformed update without storing it; the document still loads', async () => {
    const id = await createArtifact('Garbage');
    const client = await rawClient(id);
    const rowsBefore = await server.store.countUpdates(id);
    client.ws.send(syncFrame(id, UPDATE, new Uint8Array([7, 200, 13, 255, 255, 255, 1, 42, 99])));
    await eventually(() => expect(client.received.find((m) => m.type === CLOSE)?.reason).toBe('invalid_update'));
    expect(await server.store.countUpdates(id)).toBe(rowsBefore);
    client.ws.close();

    const viewer = connectViewer(server.url, id);
    await viewer.synced;
    expect(artifactToJSON(viewer.doc, id).meta.title).toBe('Garbage');
    viewer.close();
    expect((await api(server.url, 'GET', `/api/artifacts/${id}`)).status).toBe(200);
  });
});

describe('applyUnannounced', () => {
  it('loads stored content without an update event, and leaves the listeners in place', () => {
    const source = new Y.Doc();
    source.getText('t').insert(0, 'stored text');
    const doc = new Y.Doc();
    const seen: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => seen.push(update));
    applyUnannounced(doc, { state: Y.encodeStateAsUpdate(source), updates: [] });
    expect(doc.getText('t').toString()).toBe('stored text');
    expect(seen).toHaveLength(0);
    doc.getText('t').insert(0, '!');
    expect(seen).toHaveLength(1);
  });
});
