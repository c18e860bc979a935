import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { findSection, setMeta, type ArtifactJSON } from '#shared';
import { api, connectViewer, eventually, startTestServer, storedJSON } from '../test-server.ts';
import { MESSAGE, SYNC, syncedClient as rawClient, syncFrame } from '../../e2e/support/wire.ts';

/*
 * What a socket editor may write: an update is applied before it is stored, so one that does
 * not apply, or that leaves the document in a shape ops could not have written, is refused
 * and never stored; a damaged log entry already stored is left out when loading; and the
 * live document has a size cap.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ MAX_ARTIFACT_BYTES: String(256 * 1024) });
});
afterAll(async () => {
  await server?.dispose();
});

async function artifact(sections: unknown[] = [{ id: 'md', type: 'markdown', text: 'kept' }]): Promise<string> {
  const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'Socket writes' });
  await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: sections.map((section) => ({ op: 'section.upsert', section })) });
  return body.id;
}

/** An update that decodes but throws when applied: an item whose origin is itself. */
function selfOriginUpdate(client: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client
  encoding.writeVarUint(e, 1); // one struct
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 0); // clock
  encoding.writeUint8(e, 0x80 | 4); // an Item with an origin, string content
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 0); // origin: the item itself
  encoding.writeVarString(e, 'x');
  encoding.writeVarUint(e, 0); // empty delete set
  return encoding.toUint8Array(e);
}

/** Sends what `edit` does to a copy of the editor's document, and waits for the server's answer. */
async function sendEdit(id: string, edit: (doc: Y.Doc) => void) {
  const client = await rawClient(server.url, id);
  const updates: Uint8Array[] = [];
  client.doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'server' && updates.push(u));
  edit(client.doc);
  for (const update of updates) client.ws.send(syncFrame(id, SYNC.update, update));
  return client;
}

const closeReason = (client: Awaited<ReturnType<typeof rawClient>>) => client.received.find((m) => m.type === MESSAGE.close)?.reason;

describe('socket updates are applied before they are stored', () => {
  it('refuses an update that decodes but does not apply; nothing is stored and the artifact still loads', async () => {
    const id = await artifact();
    const viewer = connectViewer(server.url, id);
    await viewer.synced;
    const rows = await server.store.countUpdates(id);
    const client = await rawClient(server.url, id);
    client.ws.send(syncFrame(id, SYNC.update, selfOriginUpdate(424242)));
    await eventually(() => expect(closeReason(client)).toBe('invalid_update'));
    expect(await server.store.countUpdates(id)).toBe(rows);
    // The document reloaded from storage: every route and a fresh socket work, across a reload.
    expect((await api(server.url, 'GET', `/api/artifacts/${id}`)).status).toBe(200);
    await server.collab.documents.evict(id);
    const again = connectViewer(server.url, id);
    await again.synced;
    expect((findSection(again.doc, 'md')?.get('text') as Y.Text).toString()).toBe('kept');
    await eventually(() => expect(viewer.provider.isSynced).toBe(true), 10_000);
    again.close();
    viewer.close();
    client.ws.close();
  });

  it.each<[string, (doc: Y.Doc) => void]>([
    ['a null timeline event', (doc) => (findSection(doc, 'tl')?.get('events') as Y.Array<unknown>).push([null])],
    ['a number as a metric value holder', (doc) => findSection(doc, 'mx')?.set('items', [{ label: 'x', value: { nested: true } }])],
    ['a number where text is expected', (doc) => findSection(doc, 'md')?.set('title', 42)],
    ['an unknown section type', (doc) => {
      const map = new Y.Map<unknown>();
      map.set('id', 'v');
      map.set('type', 'video');
      (doc.getArray('sections') as Y.Array<unknown>).push([map]);
    }],
    ['a plain value in the sections list', (doc) => (doc.getArray('sections') as Y.Array<unknown>).push(['not a section'])],
    ['a field the type does not have', (doc) => findSection(doc, 'md')?.set('src', 'data:image/png;base64,AAAA')],
    ['a top-level type of its own', (doc) => doc.getMap('evil').set('x', 1)],
    ['a meta field that is not text', (doc) => doc.getMap('meta').set('title', { html: '<b>' })],
  ])('refuses %s, stores nothing, and GET, diff and publish still answer', async (_name, edit) => {
    const id = await artifact([
      { id: 'md', type: 'markdown', text: 'kept' },
      { id: 'tl', type: 'timeline', events: [{ id: 'e1', at: '2026-11-21T10:00:00Z', title: 'one' }] },
      { id: 'mx', type: 'metrics', items: [{ label: 'rps', value: 1 }] },
    ]);
    expect((await api(server.url, 'POST', `/api/artifacts/${id}/versions`, {})).status).toBe(201);
    const before = await storedJSON(server, id);
    const rows = await server.store.countUpdates(id);
    const client = await sendEdit(id, edit);
    await eventually(() => expect(closeReason(client)).toBe('invalid_update'));
    expect(await server.store.countUpdates(id)).toBe(rows);
    expect(await storedJSON(server, id)).toEqual(before);
    expect((await api<ArtifactJSON>(server.url, 'GET', `/api/artifacts/${id}`)).body).toEqual(before);
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/diff?from=1&to=live`)).status).toBe(200);
    expect((await api(server.url, 'POST', `/api/artifacts/${id}/versions`, {})).status).toBe(200); // unchanged
    client.ws.close();
  });

  it('accepts a well-formed socket edit (text typed into a section) and stores it', async () => {
    const id = await artifact();
    const client = await sendEdit(id, (doc) => (findSection(doc, 'md')?.get('text') as Y.Text).insert(4, ' typed'));
    await eventually(async () => expect((await storedJSON(server, id)).sections[0]).toMatchObject({ text: 'kept typed' }));
    expect(closeReason(client)).toBeUndefined();
    client.ws.close();
  });

  it('mirrors a rename in the browser (meta title over the socket) into the artifact list', async () => {
    const id = await artifact();
    const client = await sendEdit(id, (doc) => setMeta(doc, { title: 'Renamed in the browser' }));
    await eventually(async () => {
      const { body } = await api<{ artifacts: { id: string; title: string }[] }>(server.url, 'GET', '/api/artifacts');
      expect(body.artifacts.find((a) => a.id === id)?.title).toBe('Renamed in the browser');
    });
    expect((await storedJSON(server, id)).meta.title).toBe('Renamed in the browser');
    client.ws.close();
  });
});

describe('a damaged log', () => {
  it('leaves out a stored entry that does not apply, serves the rest, records it and folds it away', async () => {
    const id = await artifact();
    await server.collab.documents.evict(id);
    // Stored the way the old decode-only check let one through.
    await server.store.db.query('insert into updates (artifact_id, data) values ($1, $2)', [id, selfOriginUpdate(777)]);
    await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: 'md', text: ', and more' }] }).catch(() => undefined);
    const live = await api<ArtifactJSON>(server.url, 'GET', `/api/artifacts/${id}`);
    expect(live.status).toBe(200);
    await server.collab.documents.evict(id);
    const viewer = connectViewer(server.url, id);
    await eventually(() => expect(viewer.provider.isSynced).toBe(true), 15_000);
    expect((findSection(viewer.doc, 'md')?.get('text') as Y.Text).toString()).toMatch(/^kept/);
    const events = await server.store.db.query<{ action: string; details: { skippedChanges: number } }>(
      "select action, details from audit_events where artifact_id = $1 and action = 'repaired'",
      [id],
    );
    expect(events).toEqual([{ action: 'repaired', details: { skippedChanges: 1 } }]);
    expect((await server.store.loadDocument(id)).updates.every((u) => u.length !== selfOriginUpdate(777).length)).toBe(true);
    viewer.close();
  });
});

describe('size cap of the live document', () => {
  it('refuses op batches and socket edits that would take an artifact past MAX_ARTIFACT_BYTES', async () => {
    const id = await artifact();
    const big = 'x'.repeat(200 * 1024);
    expect((await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: 'md', text: big }] })).status).toBe(200);
    const rows = await server.store.countUpdates(id);
    const refused = await api<{ error: { code: string; limitBytes: number } }>(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: 'md', text: big }] });
    expect(refused.status).toBe(413);
    expect(refused.body.error).toMatchObject({ code: 'artifact_too_large', limitBytes: 256 * 1024 });
    expect(await server.store.countUpdates(id)).toBe(rows);
    const client = await sendEdit(id, (doc) => (findSection(doc, 'md')?.get('text') as Y.Text).insert(0, big));
    await eventually(() => expect(closeReason(client)).toBe('artifact_too_large'));
    expect(await server.store.countUpdates(id)).toBe(rows);
    client.ws.close();
  });
});
