import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { artifactToJSON, findSection, type ArtifactJSON } from '#shared';
import { LOCAL_PRINCIPAL } from './auth/index.ts';
import { FaultInjector } from './store/faulty-sql.ts';
import { api, connectViewer, eventually, startTestServer, storedJSON } from './test-server.ts';

/** The database a server of the matrix runs on: its environment (none = PGlite in a temporary DATA_DIR). */
export interface MatrixDatabase {
  env: Record<string, string>;
  dispose(): Promise<void>;
}

/**
 * The fault matrix of the write path, with the real store and faults injected at the SQL seam:
 * a commit that fails, one that hangs, one that commits but reports a broken connection. After
 * each: every 200 is stored exactly once, nothing that answered an error is stored or was ever
 * shown to a viewer, and retries with the same key never duplicate. Runs on PGlite
 * (faults.test.ts) and on PostgreSQL (faults.postgres.test.ts).
 */
export function faultMatrixCases(database: () => Promise<MatrixDatabase>): void {
  const faults = new FaultInjector();
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let db: MatrixDatabase | undefined;

  beforeAll(async () => {
    db = await database();
    server = await startTestServer(db.env, { wrapSql: (sql) => faults.wrap(sql) });
  });
  afterAll(async () => {
    await server?.dispose();
    await db?.dispose();
  });

  const MARKER = /\[[a-z0-9-]+\]/g;

  async function artifactWithLog(title: string): Promise<string> {
    const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title });
    await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'log', type: 'markdown', text: '' } }] });
    return body.id;
  }

  /** POST …/ops of one text.append, optionally with a key and a client-side timeout. */
  async function append(id: string, marker: string, options: { key?: string; timeoutMs?: number } = {}) {
    const response = await fetch(`${server.url}/api/artifacts/${id}/ops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.key ? { 'idempotency-key': options.key } : {}) },
      body: JSON.stringify({ ops: [{ op: 'text.append', id: 'log', text: `[${marker}]` }] }),
      ...(options.timeoutMs ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}),
    });
    const body = (await response.json()) as { applied?: number; error?: { code: string; stored?: unknown } };
    return { status: response.status, body, replayed: response.headers.get('idempotent-replayed') === 'true' };
  }

  const textOf = (json: ArtifactJSON) => {
    const log = json.sections.find((s) => s.id === 'log');
    return log?.type === 'markdown' ? log.text : '';
  };
  const count = (text: string, marker: string) => text.split(`[${marker}]`).length - 1;

  /** A real viewer that remembers every marker it ever showed. */
  async function watchingViewer(id: string) {
    const viewer = connectViewer(server.url, id);
    const seen = new Set<string>();
    const text = () => (findSection(viewer.doc, 'log')?.get('text') as Y.Text | undefined)?.toString() ?? '';
    viewer.doc.on('update', () => {
      for (const m of text().match(MARKER) ?? []) seen.add(m.slice(1, -1));
    });
    await viewer.synced;
    return { ...viewer, seen, text };
  }

  describe('fault matrix of op batches', () => {
    it('commit fails once: 503, nobody sees it, the retry with the same key is stored once', async () => {
      const id = await artifactWithLog('fails once');
      const viewer = await watchingViewer(id);
      faults.arm({ kind: 'fail' });
      const first = await append(id, 'once', { key: 'k-once' });
      expect(first.status).toBe(503);
      expect(first.body.error?.code).toBe('unavailable');
      expect(first.body.error?.stored).toBe(false);
      expect(textOf(await storedJSON(server, id))).not.toContain('[once]');
      // The document reloads from storage: live JSON and a fresh viewer agree with it.
      expect(textOf((await api<ArtifactJSON>(server.url, 'GET', `/api/artifacts/${id}`)).body)).not.toContain('[once]');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(viewer.seen.has('once')).toBe(false);

      const retry = await append(id, 'once', { key: 'k-once' });
      expect(retry.status).toBe(200);
      expect(count(textOf(await storedJSON(server, id)), 'once')).toBe(1);
      await eventually(() => expect(count(viewer.text(), 'once')).toBe(1), 10_000);
      viewer.close();
      await server.collab.documents.evict(id);
      expect(count(textOf((await api<ArtifactJSON>(server.url, 'GET', `/api/artifacts/${id}`)).body), 'once')).toBe(1);
    });

    it('batches that share a failed commit, or wait behind it, all fail; the document stays loadable and consistent', async () => {
      const id = await artifactWithLog('shared commit');
      const viewer = await watchingViewer(id);
      // The commit fails after a while, so the second batch is applied on top of the first
      // whichever way the two requests interleave: in the same commit (PGlite's one connection
      // serialises both requests) or queued behind it (on a pool the second may arrive later).
      faults.arm({ kind: 'hang', ms: 1_000, then: 'fail' });
      // Sent together: applied one on top of the other, failed together.
      const [a, b] = await Promise.all([append(id, 'p-a', { key: 'pa' }), append(id, 'p-b', { key: 'pb' })]);
      expect([a.status, b.status]).toEqual([503, 503]);
      expect(textOf(await storedJSON(server, id))).toBe('');
      expect(viewer.seen.size).toBe(0);
      expect((await append(id, 'p-a', { key: 'pa' })).status).toBe(200);
      expect((await append(id, 'p-b', { key: 'pb' })).status).toBe(200);
      expect(textOf(await storedJSON(server, id))).toBe('[p-a][p-b]');
      await eventually(() => expect(viewer.text()).toBe('[p-a][p-b]'), 10_000);
      viewer.close();
    });

    it('commit hangs past the client deadline: the client retries with its key and gets the one outcome', async () => {
      const id = await artifactWithLog('hangs');
      const viewer = await watchingViewer(id);
      faults.arm({ kind: 'hang', ms: 1_500 });
      await expect(append(id, 'slow', { key: 'k-slow', timeoutMs: 300 })).rejects.toThrow();
      expect(viewer.seen.has('slow')).toBe(false); // still committing: not shown
      const retry = await append(id, 'slow', { key: 'k-slow' });
      expect(retry).toMatchObject({ status: 200, replayed: true });
      expect(count(textOf(await storedJSON(server, id)), 'slow')).toBe(1);
      await eventually(() => expect(count(viewer.text(), 'slow')).toBe(1), 10_000);
      viewer.close();
    });

    it('connection drops after COMMIT: the server finds the batch stored and answers 200; a retry replays', async () => {
      const id = await artifactWithLog('lost ack');
      const viewer = await watchingViewer(id);
      faults.arm({ kind: 'lost-ack' });
      const first = await append(id, 'landed', { key: 'k-landed' });
      expect(first.status).toBe(200);
      expect(count(textOf(await storedJSON(server, id)), 'landed')).toBe(1);
      await eventually(() => expect(count(viewer.text(), 'landed')).toBe(1), 10_000);
      expect(await append(id, 'landed', { key: 'k-landed' })).toMatchObject({ status: 200, replayed: true });
      expect(count(textOf(await storedJSON(server, id)), 'landed')).toBe(1);
      viewer.close();
    });

    it('connection drops after COMMIT and storage stays unreadable: 503 "unknown", the retry learns it landed', async () => {
      const id = await artifactWithLog('unknown');
      faults.arm({ kind: 'lost-ack' });
      faults.arm({ kind: 'fail' }, /from state/i, 4); // every check of what is stored fails
      const first = await append(id, 'maybe', { key: 'k-maybe' });
      expect(first.status).toBe(503);
      expect(first.body.error).toMatchObject({ code: 'unavailable', stored: 'unknown' });
      expect(faults.pending).toBe(0);
      const retry = await append(id, 'maybe', { key: 'k-maybe' });
      expect(retry).toMatchObject({ status: 200, replayed: true });
      expect(count(textOf(await storedJSON(server, id)), 'maybe')).toBe(1);
    });

    it('socket edits made while a server change fails are kept, and the editor resyncs', async () => {
      const id = await artifactWithLog('mixed');
      const editor = connectViewer(server.url, id);
      await editor.synced;
      const text = () => findSection(editor.doc, 'log')?.get('text') as Y.Text;
      faults.arm({ kind: 'hang', ms: 200, then: 'fail' });
      const failing = append(id, 'http', { key: 'k-http' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      text().insert(text().length, '[sock]');
      expect((await failing).status).toBe(503);
      await eventually(async () => expect(textOf(await storedJSON(server, id))).toBe('[sock]'), 10_000);
      await eventually(() => expect(text().toString()).toBe('[sock]'), 10_000);
      expect((await append(id, 'http', { key: 'k-http' })).status).toBe(200);
      await eventually(() => expect(text().toString()).toBe('[sock][http]'), 10_000);
      expect(artifactToJSON(editor.doc, id)).toEqual(await storedJSON(server, id));
      editor.close();
    });

    it('a viewer connecting, or a reader of live JSON, while a change is committing never gets it unstored', async () => {
      const id = await artifactWithLog('step one');
      const artifact = await server.store.getArtifact(id);
      // Without an audit event the change is one plain statement, so the hang holds no lock.
      faults.arm({ kind: 'hang', ms: 800, then: 'fail' });
      const pending = server.collab.documents.applyOps(artifact!, LOCAL_PRINCIPAL, { ops: [{ op: 'text.append', id: 'log', text: '[hidden]' }] }).then(
        () => 'stored',
        (error: unknown) => error,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      const [viewer, live] = await Promise.all([watchingViewer(id), api<ArtifactJSON>(server.url, 'GET', `/api/artifacts/${id}`)]);
      expect(await pending).toMatchObject({ code: 'unavailable' });
      expect(textOf(live.body)).toBe('');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(viewer.seen.has('hidden')).toBe(false);
      expect(textOf(await storedJSON(server, id))).toBe('');
      viewer.close();
    });

    it('a restore whose transaction fails changes nothing: no version, live work intact, nobody saw it', async () => {
      const id = await artifactWithLog('restore fails');
      await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.set', id: 'log', text: '[v1]' }] });
      expect((await api(server.url, 'POST', `/api/artifacts/${id}/versions`, {})).status).toBe(201);
      await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.set', id: 'log', text: '[draft]' }] });
      const viewer = await watchingViewer(id);
      faults.arm({ kind: 'fail' }, /insert into versions/i, 1);
      const failed = await api<{ error: { code: string } }>(server.url, 'POST', `/api/artifacts/${id}/versions/1/restore`);
      expect(failed.status).toBe(503);
      const versions = async () => (await api<{ versions: { version: number }[] }>(server.url, 'GET', `/api/artifacts/${id}/versions`)).body.versions.map((v) => v.version);
      expect(await versions()).toEqual([1]);
      expect(textOf(await storedJSON(server, id))).toBe('[draft]');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(viewer.seen.has('v1')).toBe(false); // the viewer synced after [v1] was replaced
      expect((await api(server.url, 'POST', `/api/artifacts/${id}/versions/1/restore`)).status).toBe(201);
      expect(await versions()).toEqual([3, 2, 1]);
      await eventually(() => expect(viewer.text()).toBe('[v1]'), 10_000);
      viewer.close();
    });
  });
}
