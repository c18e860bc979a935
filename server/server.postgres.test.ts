import { afterEach, describe, expect, it } from 'vitest';
import type { ArtifactJSON } from '#shared';
import { freshDatabase, startPostgres, type FreshDatabase, type PostgresServer } from '../e2e/support/postgres.ts';
import { findMarker, testAuthenticator } from './audit/test-support.ts';
import { api, startTestServer, storedJSON } from './test-server.ts';

/*
 * The whole server on PostgreSQL (DATABASE_URL): what it stores outlives the process, several
 * instances share one database, and PostgreSQL going away under a running server costs
 * availability (503, nothing acknowledged) but never an acknowledged write, and no restart.
 */
type TestServer = Awaited<ReturnType<typeof startTestServer>>;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Every step runs even when one fails, so no server or PostgreSQL outlives the test.
  const failures: unknown[] = [];
  for (const fn of cleanup.splice(0).reverse()) await fn().catch((error: unknown) => failures.push(error));
  if (failures.length) throw new AggregateError(failures, 'cleanup failed');
});

async function database(): Promise<FreshDatabase> {
  const db = await freshDatabase();
  cleanup.push(() => db.drop());
  return db;
}

async function server(databaseUrl: string, env: Record<string, string> = {}, authenticator = testAuthenticator): Promise<TestServer> {
  const started = await startTestServer({ DATABASE_URL: databaseUrl, ...env }, { authenticator });
  const dispose = started.dispose.bind(started);
  let disposed = false;
  cleanup.push(async () => {
    if (!disposed) await dispose();
  });
  return Object.assign(started, {
    async dispose() {
      disposed = true;
      await dispose();
    },
  });
}

const textOf = (json: ArtifactJSON, id = 'log') => {
  const section = json.sections.find((s) => s.id === id);
  return section?.type === 'markdown' ? section.text : '';
};

async function append(base: string, id: string, text: string) {
  return api<{ applied?: number; error?: { code: string; stored?: unknown } }>(base, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: 'log', text }] }, 'alice');
}

async function artifactWithLog(base: string, title: string): Promise<string> {
  const created = await api<{ id: string }>(base, 'POST', '/api/artifacts', { title }, 'alice');
  expect(created.status).toBe(201);
  const upsert = await api(base, 'POST', `/api/artifacts/${created.body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'log', type: 'markdown', text: '' } }] }, 'alice');
  expect(upsert.status).toBe(200);
  return created.body.id;
}

describe('the server on PostgreSQL', () => {
  it('keeps artifacts, ops and published versions across a restart on the same database', async () => {
    const db = await database();
    const first = await server(db.url);
    const id = await artifactWithLog(first.url, 'On PostgreSQL');
    for (const part of ['[one]', '[two]']) expect((await append(first.url, id, part)).status).toBe(200);
    expect((await api(first.url, 'POST', `/api/artifacts/${id}/versions`, { message: 'first' }, 'alice')).status).toBe(201);
    expect((await append(first.url, id, '[three]')).status).toBe(200);
    await first.dispose();

    const second = await server(db.url);
    const live = await api<ArtifactJSON>(second.url, 'GET', `/api/artifacts/${id}`, undefined, 'alice');
    expect(live.status).toBe(200);
    expect(textOf(live.body)).toBe('[one][two][three]');
    const version = await api<{ json: ArtifactJSON }>(second.url, 'GET', `/api/artifacts/${id}/versions/1`, undefined, 'alice');
    expect(version.status).toBe(200);
    const html = await fetch(`${second.url}/api/artifacts/${id}/versions/1/html`, { headers: { authorization: 'Bearer alice' } });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('[one][two]');
    expect((await api(second.url, 'GET', '/api/compliance/verify', undefined, 'audrey')).body).toMatchObject({ intact: true });
  });

  it('serves two instances on one database at once: each answers, and reads what the other stored', async () => {
    const db = await database();
    const [a, b] = await Promise.all([server(db.url), server(db.url)]);
    const fromA = await artifactWithLog(a.url, 'Written by A');
    const fromB = await artifactWithLog(b.url, 'Written by B');
    expect((await append(a.url, fromA, '[a]')).status).toBe(200);
    expect((await append(b.url, fromB, '[b]')).status).toBe(200);
    for (const s of [a, b]) expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    // Each reads the other's artifact from the database (not loaded in its memory).
    expect(textOf((await api<ArtifactJSON>(b.url, 'GET', `/api/artifacts/${fromA}`, undefined, 'alice')).body)).toBe('[a]');
    expect(textOf((await api<ArtifactJSON>(a.url, 'GET', `/api/artifacts/${fromB}`, undefined, 'alice')).body)).toBe('[b]');
    const listed = await api<{ artifacts: { id: string }[] }>(a.url, 'GET', '/api/artifacts', undefined, 'alice');
    expect(listed.body.artifacts.map((i) => i.id).sort()).toEqual([fromA, fromB].sort());
    // One audit chain for the org, whichever instance appended to it.
    expect((await api(b.url, 'GET', '/api/compliance/verify', undefined, 'audrey')).body).toMatchObject({ intact: true });
  });

  it('hard-deletes an artifact through the compliance API, leaving no trace of its content in any table', async () => {
    const db = await database();
    const s = await server(db.url);
    const marker = `MARK-${Math.random().toString(36).slice(2)}-ER`;
    const id = await artifactWithLog(s.url, `Doomed ${marker}`);
    expect((await append(s.url, id, `secret ${marker}`)).status).toBe(200);
    expect((await api(s.url, 'POST', `/api/artifacts/${id}/versions`, { message: 'v1' }, 'alice')).status).toBe(201);
    expect((await findMarker(s.store.db, marker)).length).toBeGreaterThan(2);
    expect((await api(s.url, 'DELETE', `/api/compliance/artifacts/${id}`, undefined, 'audrey')).status).toBe(204);
    expect(await findMarker(s.store.db, marker)).toEqual([]);
    expect((await api(s.url, 'GET', `/api/artifacts/${id}`, undefined, 'alice')).status).toBe(404);
    expect((await api(s.url, 'GET', '/api/compliance/verify', undefined, 'audrey')).body).toMatchObject({ intact: true });
  });
});

describe('PostgreSQL restarted under a running server', () => {
  let postgres: PostgresServer;

  it('answers 503 while it is down and serves again once it is back, losing nothing acknowledged', async () => {
    postgres = await startPostgres();
    cleanup.push(() => postgres.dispose());
    const s = await server(postgres.url, { COMMIT_QUEUE_TIMEOUT_MS: '2000' });
    const id = await artifactWithLog(s.url, 'Outage');
    const acknowledged: string[] = [];
    for (const marker of ['[before-1]', '[before-2]']) {
      expect((await append(s.url, id, marker)).status).toBe(200);
      acknowledged.push(marker);
    }
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);

    await postgres.stop();
    const down = await fetch(`${s.url}/readyz`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    const refused = await append(s.url, id, '[during]');
    expect(refused.status).toBe(503);
    expect(refused.body.error?.code).toBe('unavailable');
    // Refused before anything reached the database: it can say so.
    expect(refused.body.error?.stored).toBe(false);
    // Reads that need the database are unavailable too, never a 500.
    const list = await api<{ error?: { code: string } }>(s.url, 'GET', '/api/artifacts', undefined, 'alice');
    expect([list.status, list.body.error?.code]).toEqual([503, 'unavailable']);

    await postgres.start();
    // The same process recovers: new connections replace the ones the restart cut.
    await expect.poll(async () => (await fetch(`${s.url}/readyz`)).status, { timeout: 20_000, interval: 100 }).toBe(200);
    expect((await append(s.url, id, '[after]')).status).toBe(200);
    acknowledged.push('[after]');

    const text = textOf(await storedJSON(s, id));
    expect(text).toBe(acknowledged.join(''));
    expect(textOf((await api<ArtifactJSON>(s.url, 'GET', `/api/artifacts/${id}`, undefined, 'alice')).body)).toBe(acknowledged.join(''));
  });
});
