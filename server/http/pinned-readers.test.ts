import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '#policies';
import type { ArtifactSummary } from '#shared/api';
import { api, connectViewer, startTestServer, tokensNamePeople } from '../test-server.ts';

/*
 * A reader of a pinned artifact sees the pinned version and nothing of the live document, on
 * every path: live JSON, diff against live, the list, its search, the summary and the socket.
 */
const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'Alice', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'Bob', orgId: 'acme', roles: ['artifact-author'], groups: [] },
};

let server: Awaited<ReturnType<typeof startTestServer>>;
let id: string;
const SECRET = 'unpublishedzebra';
beforeAll(async () => {
  server = await startTestServer({}, { authenticator: tokensNamePeople(people) });
  ({ id } = (await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'Public title', kind: 'report' }, 'alice')).body);
  await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 's', type: 'markdown', text: 'published text' } }] }, 'alice');
  await api(server.url, 'POST', `/api/artifacts/${id}/versions`, {}, 'alice');
  await api(server.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' }, 'alice');
  await api(server.url, 'PUT', `/api/artifacts/${id}/settings`, { view: { mode: 'pinned', version: 1 } }, 'alice');
  // The live document moves on, title and kind included.
  await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'meta.set', title: `Draft ${SECRET}`, kind: 'secret-kind' }, { op: 'text.set', id: 's', text: SECRET }] }, 'alice');
});
afterAll(async () => {
  await server?.dispose();
});

describe('readers of a pinned artifact', () => {
  it('get 403 pinned for a diff against live, and the diff of versions still works', async () => {
    for (const query of ['from=1&to=live', 'from=live&to=1']) {
      const res = await api<{ error: { code: string; version: number } }>(server.url, 'GET', `/api/artifacts/${id}/diff?${query}`, undefined, 'bob');
      expect([res.status, res.body.error]).toEqual([403, expect.objectContaining({ code: 'pinned', version: 1 })]);
    }
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/diff?from=1&to=1`, undefined, 'bob')).status).toBe(200);
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/diff?from=1&to=live`, undefined, 'alice')).status).toBe(200);
  });

  it('see the pinned title and kind in the list and the summary, and cannot find it by the live title', async () => {
    const list = async (who: string, query = '') => (await api<{ artifacts: ArtifactSummary[] }>(server.url, 'GET', `/api/artifacts${query}`, undefined, who)).body.artifacts.filter((a) => a.id === id);
    expect((await list('bob')).map((a) => [a.title, a.kind])).toEqual([['Public title', 'report']]);
    expect((await list('alice')).map((a) => [a.title, a.kind])).toEqual([[`Draft ${SECRET}`, 'secret-kind']]);
    expect(await list('bob', `?q=${SECRET}`)).toEqual([]);
    expect(await list('bob', '?kind=secret-kind')).toEqual([]);
    expect(await list('bob', '?q=public')).toHaveLength(1);
    expect(await list('alice', `?q=${SECRET}`)).toHaveLength(1);
    const summary = await api<ArtifactSummary>(server.url, 'GET', `/api/artifacts/${id}/summary`, undefined, 'bob');
    expect([summary.body.title, summary.body.kind]).toEqual(['Public title', 'report']);
    expect(JSON.stringify(summary.body)).not.toContain(SECRET);
  });

  it('are refused the live JSON and the socket with "pinned"', async () => {
    expect((await api<{ error: { code: string } }>(server.url, 'GET', `/api/artifacts/${id}`, undefined, 'bob')).body.error.code).toBe('pinned');
    const viewer = connectViewer(server.url, id, 'bob');
    const reason = await new Promise<string>((resolve) => viewer.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason)));
    expect(reason).toBe('pinned');
    viewer.close();
  });

  it('stores the parsed diff sides in the audit trail, never what was typed', async () => {
    await api(server.url, 'GET', `/api/artifacts/${id}/diff?from=0001&to=1`, undefined, 'alice');
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/diff?from=${'9'.repeat(12_000)}&to=1`, undefined, 'alice')).status).toBe(400);
    const rows = await server.store.db.query<{ details: Record<string, unknown> }>("select details from audit_events where action = 'viewed' and artifact_id = $1 and details->>'via' = 'diff'", [id]);
    expect(rows.map((r) => r.details)).toContainEqual({ via: 'diff', from: 1, to: 1 });
    expect(rows.every((r) => JSON.stringify(r.details).length < 100)).toBe(true);
  });
});
