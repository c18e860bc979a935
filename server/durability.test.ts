import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { artifactToJSON, type ArtifactJSON } from '#shared';
import { startServerProcess, type ServerProcess } from '../e2e/support/server-process.ts';
import { applyStored } from './collab/persistence.ts';
import { api, connectViewer, eventually, startTestServer } from './test-server.ts';

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

describe('restart durability', () => {
  it('keeps every acknowledged batch across kill -9 and restart, with compaction running', async () => {
    let server: ServerProcess = await startServerProcess({ env: { COMPACT_AFTER_UPDATES: '15' } });
    const dataDir = server.dataDir;
    let token = await server.token();
    cleanup.push(async () => {
      await server.dispose();
      (await import('node:fs')).rmSync(dataDir, { recursive: true, force: true });
    });
    const created = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'Durability' }, token);
    const id = created.body.id;
    await api(server.url, 'POST', `/api/artifacts/${id}/ops`, {
      ops: [
        { op: 'section.upsert', section: { id: 'log', type: 'markdown' } },
        { op: 'section.upsert', section: { id: 'tl', type: 'timeline' } },
      ],
    }, token);

    const acked: string[] = [];
    let killed = false;
    const writer = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const marker = `w${w}-${i}`;
        try {
          const res = await api(server.url, 'POST', `/api/artifacts/${id}/ops`, {
            ops: [
              { op: 'text.append', id: 'log', text: `[${marker}]` },
              { op: 'timeline.append', id: 'tl', event: { id: marker, at: '2026-11-21T10:00:00Z', title: marker } },
            ],
          }, token);
          if (res.status === 200) acked.push(marker);
        } catch {
          return; // the server is gone: this batch was never acknowledged
        }
      }
    };
    const writers = Array.from({ length: 4 }, (_, w) => writer(w));
    await eventually(() => expect(acked.length).toBeGreaterThanOrEqual(150), 30_000);
    killed = true;
    await server.kill();
    await Promise.all(writers);

    server = await startServerProcess({ dataDir, env: { COMPACT_AFTER_UPDATES: '15' } });
    token = await server.token(); // a new port is a new issuer
    const after = (await api<ArtifactJSON>(server.url, 'GET', `/api/artifacts/${id}`, undefined, token)).body;
    const log = after.sections.find((s) => s.id === 'log');
    const tl = after.sections.find((s) => s.id === 'tl');
    const text = log?.type === 'markdown' ? log.text : '';
    const events = new Set(tl?.type === 'timeline' ? tl.events.map((e) => e.id) : []);
    const missing = acked.filter((m) => !text.includes(`[${m}]`) || !events.has(m));
    expect(missing).toEqual([]);
    expect(acked.length).toBeGreaterThanOrEqual(150);
  }, 90_000);
});

describe('load failure', () => {
  it('never serves or stores a blank document when loading fails', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.dispose());
    const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'Precious' });
    await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'a', type: 'markdown', text: 'precious content' } }] });
    await eventually(() => expect(server.collab.hocuspocus.documents.has(body.id)).toBe(false), 10_000);
    const storedBefore = await server.store.loadDocument(body.id);

    // Fault injection: storage fails to read this document for a while.
    const realLoad = server.store.loadDocument.bind(server.store);
    let failing = true;
    server.store.loadDocument = async (id) => {
      if (failing) throw new Error('disk on fire');
      return realLoad(id);
    };
    const viewer = connectViewer(server.url, body.id);
    const refused = new Promise<string>((resolve) => viewer.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason)));
    expect(await refused).toBe('unavailable');
    expect(artifactToJSON(viewer.doc, body.id).sections).toEqual([]);
    viewer.close();
    const res = await api<{ error: { code: string } }>(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'text.set', id: 'a', text: '' }] });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('unavailable');
    expect(server.collab.hocuspocus.documents.has(body.id)).toBe(false);

    failing = false;
    expect(await realLoad(body.id)).toEqual(storedBefore);
    const again = connectViewer(server.url, body.id);
    await again.synced;
    expect(artifactToJSON(again.doc, body.id).sections).toEqual([{ id: 'a', type: 'markdown', text: 'precious content' }]);
    again.close();
    const doc = new Y.Doc();
    applyStored(doc, await realLoad(body.id));
    expect(artifactToJSON(doc, body.id).sections).toEqual([{ id: 'a', type: 'markdown', text: 'precious content' }]);
  }, 30_000);
});
