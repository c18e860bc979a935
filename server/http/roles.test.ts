import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '#policies';
import { applyOps } from '#shared';
import { api, connectViewer, eventually, startTestServer, storedJSON, tokensNamePeople } from '../test-server.ts';

/*
 * Share roles against the real server: an editor edits, publishes, pins and restores over
 * HTTP and writes on its socket; a viewer does none of it; only the owner shares and deletes;
 * the body older clients send still shares for viewing.
 */
const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'alice', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'bob', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  erin: { userId: 'erin', name: 'erin', orgId: 'acme', roles: ['artifact-author'], groups: ['ops'] },
  vic: { userId: 'vic', name: 'vic', orgId: 'acme', roles: ['artifact-viewer'], groups: [] },
  sam: { userId: 'sam', name: 'sam', orgId: 'acme', roles: ['artifact-author'], groups: [] },
};

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({}, { authenticator: tokensNamePeople(people) });
});
afterAll(async () => {
  await server?.dispose();
});

type ErrorBody = { error: { code: string; field?: string } };
const call = <T = unknown>(method: string, route: string, body: unknown, who: string) => api<T>(server.url, method, route, body, who);

async function sharedArtifact(title: string, sharing: unknown): Promise<string> {
  const { body } = await call<{ id: string }>('POST', '/api/artifacts', { title }, 'alice');
  await call('POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 's', type: 'markdown', text: 'start' } }] }, 'alice');
  const shared = await call('PUT', `/api/artifacts/${body.id}/sharing`, sharing, 'alice');
  expect(shared.status, JSON.stringify(shared.body)).toBe(200);
  return body.id;
}

const edit = (id: string, who: string, text = '!') => call<ErrorBody>('POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: 's', text }] }, who);

describe('share roles over HTTP', () => {
  it('an editor (by name or group) edits, publishes, pins and restores, but neither shares nor deletes', async () => {
    const id = await sharedArtifact('roles', { visibility: 'restricted', users: ['vic', 'sam'], editors: { users: ['bob'], groups: ['ops'] } });
    for (const who of ['bob', 'erin']) {
      expect((await edit(id, who, ` ${who}`)).status).toBe(200);
      const published = await call<{ version: number }>('POST', `/api/artifacts/${id}/versions`, { message: `by ${who}` }, who);
      expect(published.status).toBe(201);
      expect((await call('PUT', `/api/artifacts/${id}/settings`, { view: { mode: 'pinned', version: published.body.version } }, who)).status).toBe(200);
      expect((await call('PUT', `/api/artifacts/${id}/settings`, { view: { mode: 'live' } }, who)).status).toBe(200);
      expect((await edit(id, who, ' after')).status).toBe(200);
      expect((await call('POST', `/api/artifacts/${id}/versions/${published.body.version}/restore`, undefined, who)).status).toBe(201);
      const share = await call<ErrorBody>('PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' }, who);
      expect([share.status, share.body.error.code]).toEqual([403, 'forbidden']);
      expect((await call<ErrorBody>('GET', `/api/artifacts/${id}/sharing`, undefined, who)).status).toBe(403);
      const del = await call<ErrorBody>('DELETE', `/api/artifacts/${id}`, undefined, who);
      expect([del.status, del.body.error.code]).toEqual([403, 'forbidden']);
    }
    expect((await storedJSON(server, id)).sections[0]).toMatchObject({ id: 's' });
    const versions = await call<{ versions: { author: string }[] }>('GET', `/api/artifacts/${id}/versions`, undefined, 'alice');
    expect(new Set(versions.body.versions.map((v) => v.author))).toEqual(new Set(['bob', 'erin']));
  });

  it('a viewer, and an editor whose role may not write, are refused every edit with 403 forbidden', async () => {
    const id = await sharedArtifact('viewers', { visibility: 'restricted', users: ['sam'], editors: { users: ['vic'] } });
    for (const who of ['sam', 'vic']) {
      expect((await call('GET', `/api/artifacts/${id}`, undefined, who)).status).toBe(200);
      const refused = [
        await edit(id, who),
        await call<ErrorBody>('POST', `/api/artifacts/${id}/versions`, {}, who),
        await call<ErrorBody>('PUT', `/api/artifacts/${id}/settings`, { view: { mode: 'live' } }, who),
      ];
      expect(refused.map((r) => [r.status, r.body.error.code])).toEqual([[403, 'forbidden'], [403, 'forbidden'], [403, 'forbidden']]);
    }
    expect((await storedJSON(server, id)).sections).toMatchObject([{ id: 's', text: 'start' }]);
  });

  it('keeps the old body working (everyone views) and answers who edits beside who reads', async () => {
    const id = await sharedArtifact('old body', { visibility: 'restricted', users: ['bob'], groups: ['ops'] });
    expect((await call('GET', `/api/artifacts/${id}/sharing`, undefined, 'alice')).body).toEqual({ visibility: 'restricted', users: ['bob'], groups: ['ops'], editors: { users: [], groups: [] } });
    expect((await edit(id, 'bob')).status).toBe(403);
    // A subject in both lists is an editor, so what GET answers can be sent back unchanged.
    const both = { visibility: 'restricted', users: ['bob', 'vic'], groups: ['ops'], editors: { users: ['bob'], groups: [] } };
    expect((await call('PUT', `/api/artifacts/${id}/sharing`, both, 'alice')).body).toEqual(both);
    expect((await call('PUT', `/api/artifacts/${id}/sharing`, both, 'alice')).body).toEqual(both);
    expect((await edit(id, 'bob')).status).toBe(200);
    expect((await edit(id, 'erin')).status).toBe(403);
  });

  it('refuses editors outside restricted, malformed editors, and audits the roles as counts only', async () => {
    const id = await sharedArtifact('checks', { visibility: 'private' });
    const put = (body: unknown) => call<ErrorBody>('PUT', `/api/artifacts/${id}/sharing`, body, 'alice');
    expect((await put({ visibility: 'org', editors: { users: ['bob'] } })).body.error).toMatchObject({ code: 'invalid_request', field: 'editors' });
    expect((await put({ visibility: 'restricted', editors: { users: [''] } })).body.error.code).toBe('invalid_request');
    expect((await put({ visibility: 'restricted', editors: { people: ['bob'] } })).body.error.code).toBe('invalid_request');
    expect((await put({ visibility: 'restricted', editors: ['bob'] })).body.error.code).toBe('invalid_request');
    expect((await call('GET', `/api/artifacts/${id}/sharing`, undefined, 'alice')).body).toMatchObject({ visibility: 'private' });
    expect((await put({ visibility: 'restricted', users: ['vic'], editors: { users: ['bob'], groups: ['ops'] } })).status).toBe(200);
    const rows = await server.store.db.query<{ details: Record<string, unknown> }>("select details from audit_events where action = 'shared' and artifact_id = $1 order by seq desc limit 1", [id]);
    expect(rows[0]?.details).toEqual({ visibility: 'restricted', previousVisibility: 'private', users: 2, groups: 1, roles: { view: { users: 1, groups: 0 }, edit: { users: 1, groups: 1 } } });
    expect(JSON.stringify(rows[0]?.details)).not.toMatch(/bob|vic|ops/);
  });
});

describe('share roles on sockets', () => {
  const addSection = (doc: Parameters<typeof applyOps>[0], sectionId: string) =>
    applyOps(doc, { ops: [{ op: 'section.upsert', section: { id: sectionId, type: 'markdown', text: sectionId } }] }, { newId: () => `${sectionId}-item` });

  it("stores an editor's socket write and never a viewer's; a downgrade makes the editor's open socket read-only at once", async () => {
    const id = await sharedArtifact('sockets', { visibility: 'restricted', users: ['sam'], editors: { users: ['bob'] } });
    const bob = connectViewer(server.url, id, 'bob');
    const sam = connectViewer(server.url, id, 'sam');
    try {
      await Promise.all([bob.synced, sam.synced]);
      addSection(bob.doc, 'by-bob');
      await eventually(async () => expect((await storedJSON(server, id)).sections.map((s) => s.id)).toContain('by-bob'), 10_000);

      addSection(sam.doc, 'by-sam');
      // Downgrade bob: same socket, still open, now read-only.
      let bobClosed = false;
      bob.provider.on('close', () => (bobClosed = true));
      expect((await call('PUT', `/api/artifacts/${id}/sharing`, { visibility: 'restricted', users: ['sam', 'bob'] }, 'alice')).status).toBe(200);
      addSection(bob.doc, 'by-bob-later');
      // The owner's next edit proves the server moved on without either refused change.
      expect((await edit(id, 'alice', '+')).status).toBe(200);
      const owner = connectViewer(server.url, id, 'alice');
      await owner.synced;
      owner.close();
      expect((await storedJSON(server, id)).sections.map((s) => s.id)).toEqual(['s', 'by-bob']);
      expect(bobClosed).toBe(false);
      expect((await edit(id, 'bob')).status).toBe(403);
    } finally {
      bob.close();
      sam.close();
    }
  });
});
