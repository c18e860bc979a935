import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { artifactToJSON, findSection } from '#shared';
import { api, connectViewer, eventually, startTestServer, storedJSON as storedJSONOf } from '../test-server.ts';
import { applyUnannounced } from './persistence.ts';
import { MESSAGE, SYNC, syncedClient, syncFrame } from '../../e2e/support/wire.ts';

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

async function createArtifact(title: string): Promise<string> {
  const res = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title });
  return res.body.id;
}

const storedJSON = (id: string) => storedJSONOf(server, id);
const rawClient = (documentName: string) => syncedClient(server.url, documentName);

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
    const broadcastsBefore = watcher.count((m) => m.syncType === SYNC.update);
    // One write per update, all in this tick: they reach the server's queue together.
    for (const update of updates) editor.ws.send(syncFrame(id, SYNC.update, update));
    await eventually(() => expect(editor.count((m) => m.type === MESSAGE.syncStatus)).toBe(EDITS), 10_000);

    const entries = server.log.stats.entries - before.entries;
    const commits = server.log.stats.commits - before.commits;
    expect(entries).toBe(EDITS);
    // One commit per update would be 300; queued updates share their predecessor's commit.
    expect(commits).toBeLessThan(EDITS / 5);
    const expected = Array.from({ length: EDITS }, (_, i) => `<${i}>`).join('');
    expect((await storedJSON(id)).sections[0]).toMatchObject({ text: expected });
    await eventually(() => expect((findSection(watcher.doc, 'log')?.get('text') as Y.Text).toString()).toBe(expected));
    // Applied in the same turn, they left as merged broadcasts: far fewer frames than edits.
    expect(watcher.count((m) => m.syncType === SYNC.update) - broadcastsBefore).toBeLessThan(EDITS / 5);
    editor.ws.close();
    watcher.ws.close();
  });

  it('refuses a malformed update without storing it; the document still loads', async () => {
    const id = await createArtifact('Garbage');
    const client = await rawClient(id);
    const rowsBefore = await server.store.countUpdates(id);
    client.ws.send(syncFrame(id, SYNC.update, new Uint8Array([7, 200, 13, 255, 255, 255, 1, 42, 99])));
    await eventually(() => expect(client.received.find((m) => m.type === MESSAGE.close)?.reason).toBe('invalid_update'));
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
