import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { artifactToJSON, sectionsArray } from '#shared';
import type { Principal } from '#policies';
import { api, connectViewer, eventually, startTestServer, tokensNamePeople } from '../test-server.ts';

/*
 * Who may do what, run against the real server: principals × actions × visibility. Tokens are
 * mapped to principals by a stand-in authenticator here; the OIDC authenticator that replaces
 * it is tested on its own (auth/oidc.test.ts).
 */
const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'alice', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'bob', orgId: 'acme', roles: ['artifact-author'], groups: ['sre'] },
  vic: { userId: 'vic', name: 'vic', orgId: 'acme', roles: ['artifact-viewer'], groups: [] },
  adam: { userId: 'adam', name: 'adam', orgId: 'acme', roles: ['org-admin'], groups: [] },
  carol: { userId: 'carol', name: 'carol', orgId: 'globex', roles: ['artifact-author'], groups: ['sre'] },
};
const authenticator = tokensNamePeople(people);

let server: Awaited<ReturnType<typeof startTestServer>>;
const ids: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer({}, { authenticator });
  const sharings: Record<string, unknown> = {
    private: { visibility: 'private' },
    org: { visibility: 'org' },
    toBob: { visibility: 'restricted', users: ['bob'] },
    toSre: { visibility: 'restricted', groups: ['sre'] },
  };
  for (const [name, sharing] of Object.entries(sharings)) {
    const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: name }, 'alice');
    ids[name] = body.id;
    await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 's', type: 'markdown', text: name } }] }, 'alice');
    expect((await api(server.url, 'PUT', `/api/artifacts/${body.id}/sharing`, sharing, 'alice')).status).toBe(200);
  }
});
afterAll(async () => {
  await server?.dispose();
});

type Action = 'read' | 'edit' | 'versions' | 'share';
const request = (action: Action, id: string, who: string) => {
  switch (action) {
    case 'read':
      return api(server.url, 'GET', `/api/artifacts/${id}`, undefined, who);
    case 'edit':
      return api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: 's', text: '!' }] }, who);
    case 'versions':
      return api(server.url, 'GET', `/api/artifacts/${id}/versions`, undefined, who);
    case 'share':
      return api(server.url, 'GET', `/api/artifacts/${id}/sharing`, undefined, who);
  }
};

// [artifact, who, read, edit, versions, share]
const table: [string, string, number, number, number, number][] = [
  ['private', 'alice', 200, 200, 200, 200],
  ['private', 'bob', 404, 404, 404, 404],
  ['private', 'vic', 404, 404, 404, 404],
  ['private', 'adam', 404, 404, 404, 404],
  ['private', 'carol', 404, 404, 404, 404],
  ['org', 'bob', 200, 403, 200, 403],
  ['org', 'vic', 200, 403, 200, 403],
  ['org', 'adam', 200, 403, 200, 403],
  ['org', 'carol', 404, 404, 404, 404],
  ['toBob', 'bob', 200, 403, 200, 403],
  ['toBob', 'vic', 404, 404, 404, 404],
  ['toBob', 'carol', 404, 404, 404, 404],
  ['toSre', 'bob', 200, 403, 200, 403],
  ['toSre', 'vic', 404, 404, 404, 404],
  ['toSre', 'carol', 404, 404, 404, 404],
];

describe('access table', () => {
  it.each(table)('%s artifact, %s: read %i, edit %i, versions %i, sharing %i', async (artifact, who, ...expected) => {
    const actions: Action[] = ['read', 'edit', 'versions', 'share'];
    const statuses = [];
    for (const action of actions) statuses.push((await request(action, ids[artifact] as string, who)).status);
    expect(statuses).toEqual(expected);
  });

  it('refuses requests without a valid token', async () => {
    expect((await api(server.url, 'GET', '/api/artifacts')).status).toBe(401);
    expect((await api(server.url, 'GET', '/api/artifacts', undefined, 'mallory')).status).toBe(401);
    expect((await api(server.url, 'GET', `/api/artifacts/${ids.org}`)).status).toBe(401);
  });

  it('lists only what each person may see', async () => {
    const titles = async (who: string) => (await api<{ artifacts: { title: string }[] }>(server.url, 'GET', '/api/artifacts', undefined, who)).body.artifacts.map((a) => a.title).sort();
    expect(await titles('alice')).toEqual(['org', 'private', 'toBob', 'toSre']);
    expect(await titles('bob')).toEqual(['org', 'toBob', 'toSre']);
    expect(await titles('vic')).toEqual(['org']);
    expect(await titles('carol')).toEqual([]);
  });

  it('refuses public sharing, stray share targets, and sharing by non-owners', async () => {
    const put = (body: unknown, who = 'alice') => api<{ error: { code: string; message: string } }>(server.url, 'PUT', `/api/artifacts/${ids.toBob}/sharing`, body, who);
    expect((await put({ visibility: 'public' })).body.error.message).toMatch(/never public/);
    expect((await put({ visibility: 'org', users: ['bob'] })).body.error.code).toBe('invalid_request');
    expect((await put({ visibility: 'restricted', users: ['bob'] }, 'bob')).status).toBe(403);
    expect((await put({ visibility: 'org' }, 'carol')).status).toBe(404);
  });
});

describe('sockets', () => {
  it('refuses other orgs and unshared people on the collaboration socket', async () => {
    for (const [who, artifact] of [['carol', 'org'], ['vic', 'toBob'], ['bob', 'private']] as const) {
      const viewer = connectViewer(server.url, ids[artifact] as string, who);
      const reason = await new Promise<string>((resolve) => viewer.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason)));
      expect(reason).toBe('not_found');
      expect(artifactToJSON(viewer.doc, 'x').sections).toEqual([]);
      viewer.close();
    }
  });

  it('gives readers a read-only socket whose edits are never applied or stored', async () => {
    const id = ids.org as string;
    const reader = connectViewer(server.url, id, 'bob');
    await reader.synced;
    const before = await server.store.loadDocument(id);
    reader.doc.transact(() => {
      const map = new Y.Map<unknown>();
      map.set('id', 'intruder');
      map.set('type', 'markdown');
      sectionsArray(reader.doc).push([map]);
    });
    // The owner's next edit proves the server has moved on without the reader's change.
    await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: 's', text: '+' }] }, 'alice');
    const owner = connectViewer(server.url, id, 'alice');
    await owner.synced;
    expect(artifactToJSON(owner.doc, id).sections.map((s) => s.id)).toEqual(['s']);
    const after = await server.store.loadDocument(id);
    expect(after.updates.length).toBe(before.updates.length + 1);
    reader.close();
    owner.close();
  });

  it('closes the sockets of people whose access was revoked, at once', async () => {
    const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'revocable' }, 'alice');
    await api(server.url, 'PUT', `/api/artifacts/${body.id}/sharing`, { visibility: 'restricted', users: ['bob', 'vic'] }, 'alice');
    const bob = connectViewer(server.url, body.id, 'bob');
    const vic = connectViewer(server.url, body.id, 'vic');
    await Promise.all([bob.synced, vic.synced]);
    let bobClosedAt = 0;
    bob.provider.on('close', () => (bobClosedAt ||= performance.now()));
    let vicClosed = false;
    vic.provider.on('close', () => (vicClosed = true));
    const t0 = performance.now();
    await api(server.url, 'PUT', `/api/artifacts/${body.id}/sharing`, { visibility: 'restricted', users: ['vic'] }, 'alice');
    await eventually(() => expect(bobClosedAt).toBeGreaterThan(0), 5_000);
    console.log(`revocation → socket closed in ${(bobClosedAt - t0).toFixed(1)} ms`);
    expect(vicClosed).toBe(false);
    bob.close();
    vic.close();
  });
});
