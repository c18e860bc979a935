import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { artifactToJSON, sectionsArray } from '#shared';
import { api, connectViewer, eventually, startTestServer, storedJSON as storedJSONOf } from '../test-server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ COMPACT_AFTER_UPDATES: '25' });
});
afterAll(async () => {
  await server?.dispose();
});

async function createArtifact(title = 'Test'): Promise<string> {
  const res = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title });
  expect(res.status).toBe(201);
  return res.body.id;
}

const storedJSON = (id: string) => storedJSONOf(server, id);

describe('live sync', () => {
  it('broadcasts an op batch to two socket viewers', async () => {
    const id = await createArtifact('Two viewers');
    const a = connectViewer(server.url, id);
    const b = connectViewer(server.url, id);
    await Promise.all([a.synced, b.synced]);
    expect(artifactToJSON(a.doc, id).meta.title).toBe('Two viewers');

    const res = await api(server.url, 'POST', `/api/artifacts/${id}/ops`, {
      ops: [
        { op: 'section.upsert', section: { id: 'log', type: 'markdown', text: 'hello' } },
        { op: 'text.append', id: 'log', text: ' world' },
      ],
    });
    expect(res).toEqual({ status: 200, body: { applied: 2 } });
    for (const viewer of [a, b]) {
      await eventually(() => expect(artifactToJSON(viewer.doc, id).sections).toEqual([{ id: 'log', type: 'markdown', text: 'hello world' }]));
    }
    a.close();
    b.close();
  });

  it('stores a socket edit before acknowledging it', async () => {
    const id = await createArtifact('Socket edit');
    const editor = connectViewer(server.url, id);
    const watcher = connectViewer(server.url, id);
    await Promise.all([editor.synced, watcher.synced]);
    const acked = new Promise<void>((resolve) =>
      editor.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
        if (number === 0) resolve();
      }),
    );
    editor.doc.transact(() => {
      const section = new Y.Map<unknown>();
      section.set('id', 'from-socket');
      section.set('type', 'markdown');
      section.set('text', new Y.Text('typed in a browser'));
      sectionsArray(editor.doc).push([section]);
    });
    await acked;
    // The acknowledgement is out: the edit must already be in the database, not only in memory.
    expect((await storedJSON(id)).sections).toEqual([{ id: 'from-socket', type: 'markdown', text: 'typed in a browser' }]);
    await eventually(() => expect(artifactToJSON(watcher.doc, id).sections).toHaveLength(1));
    editor.close();
    watcher.close();
  });

  it('refuses sockets for unknown or malformed documents', async () => {
    for (const name of ['doesnotexist0000', '../etc/passwd']) {
      const viewer = connectViewer(server.url, name);
      const failed = new Promise<string>((resolve) => viewer.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason)));
      await expect(failed).resolves.toBeTypeOf('string');
      expect(viewer.provider.isSynced).toBe(false);
      viewer.close();
    }
  });
});

describe('durable op batches', () => {
  it('answers 200 only after each of many concurrent batches is committed', async () => {
    const id = await createArtifact('Group commit');
    await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'tl', type: 'timeline' } }] });
    const before = { ...server.log.stats };
    const batches = 40;
    const results = await Promise.all(
      Array.from({ length: batches }, (_, i) =>
        api(server.url, 'POST', `/api/artifacts/${id}/ops`, {
          ops: [{ op: 'timeline.append', id: 'tl', event: { id: `e${i}`, at: `2026-11-21T10:${String(i).padStart(2, '0')}:00Z`, title: `event ${i}` } }],
        }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const stored = await storedJSON(id);
    const events = stored.sections[0]?.type === 'timeline' ? stored.sections[0].events : [];
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: batches }, (_, i) => `e${i}`));
    expect(server.log.stats.entries - before.entries).toBe(batches);
  });

  it('rejects an invalid batch with its op index and changes nothing, in memory or stored', async () => {
    const id = await createArtifact('Invalid');
    await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'a', type: 'markdown', text: 'keep' } }] });
    const viewer = connectViewer(server.url, id);
    await viewer.synced;
    const storedBefore = await server.store.loadDocument(id);
    const res = await api<{ error: { code: string; opIndex: number } }>(server.url, 'POST', `/api/artifacts/${id}/ops`, {
      ops: [
        { op: 'text.append', id: 'a', text: ' CHANGED' },
        { op: 'section.upsert', section: { id: 'b', type: 'markdown' } },
        { op: 'section.upsert', section: { id: 'img', type: 'image', src: 'http://evil.example/x.png', alt: 'x' } },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_image_src', opIndex: 2 });
    expect((await api<{ sections: unknown[] }>(server.url, 'GET', `/api/artifacts/${id}`)).body.sections).toEqual([{ id: 'a', type: 'markdown', text: 'keep' }]);
    expect(await server.store.loadDocument(id)).toEqual(storedBefore);
    expect(artifactToJSON(viewer.doc, id).sections).toEqual([{ id: 'a', type: 'markdown', text: 'keep' }]);
    viewer.close();
  });

  it('keeps the update log bounded by compaction without losing anything', async () => {
    const id = await createArtifact('Compaction');
    await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'log', type: 'markdown' } }] });
    let expected = '';
    for (let i = 0; i < 120; i++) {
      const text = `line ${i}\n`;
      expected += text;
      expect((await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: 'log', text }] })).status).toBe(200);
    }
    await server.collab.persistence.idle();
    expect(await server.store.countUpdates(id)).toBeLessThan(25);
    expect((await storedJSON(id)).sections).toEqual([{ id: 'log', type: 'markdown', text: expected }]);
  });
});
