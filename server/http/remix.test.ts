import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '#policies';
import type { Lineage } from '#shared/api';
import { api, connectViewer, startTestServer, storedJSON, tokensNamePeople } from '../test-server.ts';

/*
 * Remix against the real server: the copy holds the live document or the version asked for,
 * committed (read back from storage, not memory), private to the caller; lineage on both
 * sides, only as far as each reader may read; never across orgs; audited.
 */
const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'alice', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'bob', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  vic: { userId: 'vic', name: 'vic', orgId: 'acme', roles: ['artifact-viewer'], groups: [] },
  carol: { userId: 'carol', name: 'carol', orgId: 'globex', roles: ['artifact-author'], groups: [] },
};

let server: Awaited<ReturnType<typeof startTestServer>>;
let source: string;
beforeAll(async () => {
  server = await startTestServer({}, { authenticator: tokensNamePeople(people) });
  source = (await call<{ id: string }>('POST', '/api/artifacts', { title: 'Checkout incident', kind: 'incident' }, 'alice')).body.id;
  await ops(source, [{ op: 'section.upsert', section: { id: 'notes', type: 'markdown', text: 'version one' } }]);
  expect((await call('POST', `/api/artifacts/${source}/versions`, { message: 'v1' }, 'alice')).status).toBe(201);
  await ops(source, [
    { op: 'text.set', id: 'notes', text: 'live text' },
    { op: 'section.upsert', section: { id: 'todo', type: 'checklist', items: [{ id: 'a', text: 'page on-call', done: true }] } },
  ]);
  expect((await call('PUT', `/api/artifacts/${source}/sharing`, { visibility: 'org' }, 'alice')).status).toBe(200);
});
afterAll(async () => {
  await server?.dispose();
});

type ErrorBody = { error: { code: string } };
type Remixed = { id: string; url: string; remixedFrom: { id: string; version: number | null } };
function call<T = unknown>(method: string, route: string, body: unknown, who: string) {
  return api<T>(server.url, method, route, body, who);
}
async function ops(id: string, list: unknown[], who = 'alice') {
  expect((await call('POST', `/api/artifacts/${id}/ops`, { ops: list }, who)).status).toBe(200);
}
const summary = (id: string, who: string) => call<{ owner: string; visibility: string; remixedFrom: unknown; title: string }>('GET', `/api/artifacts/${id}/summary`, undefined, who);
const lineage = (id: string, who: string) => call<Lineage>('GET', `/api/artifacts/${id}/lineage`, undefined, who);

describe('remix', () => {
  it('copies the live document into a private artifact of the caller, stored before the answer', async () => {
    const remixed = await call<Remixed>('POST', `/api/artifacts/${source}/remix`, {}, 'bob');
    expect(remixed.status).toBe(201);
    expect(remixed.body).toEqual({ id: expect.any(String), url: `${server.url}/a/${remixed.body.id}`, remixedFrom: { id: source, version: null } });
    const copy = await storedJSON(server, remixed.body.id);
    expect(copy.meta).toMatchObject({ title: 'Checkout incident (remix)', kind: 'incident' });
    expect(copy.sections).toMatchObject([{ id: 'notes', text: 'live text' }, { id: 'todo', items: [{ id: 'a', done: true }] }]);
    expect((await summary(remixed.body.id, 'bob')).body).toMatchObject({ owner: 'bob', visibility: 'private', remixedFrom: { id: source, version: null } });
    // Private to bob: the source's owner does not even see it.
    expect((await summary(remixed.body.id, 'alice')).status).toBe(404);
    // The copy is bob's to edit; the source is unchanged by it.
    await ops(remixed.body.id, [{ op: 'text.append', id: 'notes', text: ' (bob)' }], 'bob');
    expect((await storedJSON(server, source)).sections[0]).toMatchObject({ text: 'live text' });
    const live = connectViewer(server.url, remixed.body.id, 'bob');
    await live.synced;
    live.close();
  });

  it('copies a version, with a title of its own, and shows the lineage on both sides to whoever may read each', async () => {
    const remixed = await call<Remixed>('POST', `/api/artifacts/${source}/remix`, { version: 1, title: 'My notes' }, 'bob');
    expect(remixed.status).toBe(201);
    const copy = await storedJSON(server, remixed.body.id);
    expect(copy.meta.title).toBe('My notes');
    expect(copy.sections).toMatchObject([{ id: 'notes', text: 'version one' }]);
    expect((await lineage(remixed.body.id, 'bob')).body.remixedFrom).toEqual({ id: source, version: 1, title: 'Checkout incident' });

    // The source lists the copies its reader may read: bob sees his, alice none until he shares one.
    const bobsView = (await lineage(source, 'bob')).body.remixes;
    expect(bobsView.map((r) => [r.title, r.version, r.owner])).toEqual([['Checkout incident (remix)', null, 'bob'], ['My notes', 1, 'bob']]);
    expect((await lineage(source, 'alice')).body.remixes).toEqual([]);
    expect((await call('PUT', `/api/artifacts/${remixed.body.id}/sharing`, { visibility: 'org' }, 'bob')).status).toBe(200);
    expect((await lineage(source, 'alice')).body.remixes.map((r) => r.id)).toEqual([remixed.body.id]);

    // A reader of the copy who may not read the source learns it is a copy, nothing of the source.
    expect((await call('PUT', `/api/artifacts/${source}/sharing`, { visibility: 'restricted', users: ['bob'] }, 'alice')).status).toBe(200);
    expect((await lineage(remixed.body.id, 'vic')).body.remixedFrom).toEqual({ id: source, version: 1, title: null });
    expect((await call('PUT', `/api/artifacts/${source}/sharing`, { visibility: 'org' }, 'alice')).status).toBe(200);
  });

  it('refuses other orgs (not found), roles that may not create, unknown versions and bad bodies, making nothing', async () => {
    const count = async () => Number((await server.store.db.query<{ n: string }>('select count(*) as n from artifacts'))[0]?.n);
    const before = await count();
    const refusals = [
      await call<ErrorBody>('POST', `/api/artifacts/${source}/remix`, {}, 'carol'),
      await call<ErrorBody>('POST', `/api/artifacts/${source}/remix`, {}, 'vic'),
      await call<ErrorBody>('POST', `/api/artifacts/${source}/remix`, { version: 9 }, 'bob'),
      await call<ErrorBody>('POST', `/api/artifacts/${source}/remix`, { version: 0 }, 'bob'),
      await call<ErrorBody>('POST', `/api/artifacts/${source}/remix`, { title: '' }, 'bob'),
      await call<ErrorBody>('POST', `/api/artifacts/${source}/remix`, { from: 'live' }, 'bob'),
      await call<ErrorBody>('POST', '/api/artifacts/nope/remix', {}, 'bob'),
    ];
    expect(refusals.map((r) => [r.status, r.body.error.code])).toEqual([
      [404, 'not_found'],
      [403, 'forbidden'],
      [404, 'not_found'],
      [400, 'invalid_request'],
      [400, 'invalid_request'],
      [400, 'invalid_request'],
      [404, 'not_found'],
    ]);
    expect(await count()).toBe(before);
    expect((await lineage(source, 'carol')).status).toBe(404);
  });

  it('a reader of a pinned artifact remixes the pinned version, never the live document', async () => {
    expect((await call('PUT', `/api/artifacts/${source}/settings`, { view: { mode: 'pinned', version: 1 } }, 'alice')).status).toBe(200);
    try {
      const remixed = await call<Remixed>('POST', `/api/artifacts/${source}/remix`, {}, 'bob');
      expect(remixed.body.remixedFrom).toEqual({ id: source, version: 1 });
      expect((await storedJSON(server, remixed.body.id)).sections).toMatchObject([{ id: 'notes', text: 'version one' }]);
    } finally {
      await call('PUT', `/api/artifacts/${source}/settings`, { view: { mode: 'live' } }, 'alice');
    }
  });

  it("audits 'remixed' on the source (with the copy's id) and 'created' on the copy, metadata only", async () => {
    const remixed = await call<Remixed>('POST', `/api/artifacts/${source}/remix`, { version: 1 }, 'bob');
    const events = await server.store.db.query<{ action: string; artifact_id: string; version: number | null; actor_id: string; details: Record<string, unknown> }>(
      "select action, artifact_id, version, actor_id, details from audit_events where org_id = 'acme' and (artifact_id = $1 or details->>'remixId' = $1) order by seq",
      [remixed.body.id],
    );
    expect(events).toEqual([
      { action: 'created', artifact_id: remixed.body.id, version: null, actor_id: 'bob', details: { remixedFrom: source, version: 1 } },
      { action: 'remixed', artifact_id: source, version: 1, actor_id: 'bob', details: { remixId: remixed.body.id } },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/version one|Checkout/);
  });
});
