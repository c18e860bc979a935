import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '#policies';
import type { AgentQueue, CommentThread } from '#shared/api';
import { api, connectViewer, eventually, startTestServer, tokensNamePeople } from '../test-server.ts';
import type { CommentNotification } from './comments.ts';

/*
 * Comment threads against the real server (PGlite, sockets): who may read and write them, the
 * agent's queue, mentions, audit, export, hard delete and the live push to open pages.
 */
const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'Alice Anders', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'Bob Baker', orgId: 'acme', roles: ['artifact-author'], groups: ['sre'] },
  vic: { userId: 'vic', name: 'Vic Viewer', orgId: 'acme', roles: ['artifact-viewer'], groups: [] },
  adam: { userId: 'adam', name: 'Adam Admin', orgId: 'acme', roles: ['org-admin'], groups: [] },
  audrey: { userId: 'audrey', name: 'Audrey Auditor', orgId: 'acme', roles: ['auditor'], groups: [] },
  carol: { userId: 'carol', name: 'Carol', orgId: 'globex', roles: ['artifact-author'], groups: ['sre'] },
};
const notifications: CommentNotification[] = [];
let server: Awaited<ReturnType<typeof startTestServer>>;
let shared = '';
let secret = '';

async function artifact(title: string, visibility: 'org' | 'private' | 'restricted', extra: Record<string, unknown> = {}): Promise<string> {
  const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title }, 'alice');
  const ops = [
    { op: 'section.upsert', section: { id: 'intro', type: 'markdown', text: 'p99 rose after the deploy' } },
    { op: 'section.upsert', section: { id: 'tl', type: 'timeline', events: [{ id: 'e1', at: '2026-01-01T10:00:00Z', title: 'deploy' }] }, after: 'intro' },
  ];
  expect((await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops }, 'alice')).status).toBe(200);
  expect((await api(server.url, 'PUT', `/api/artifacts/${body.id}/sharing`, { visibility, ...extra }, 'alice')).status).toBe(200);
  return body.id;
}
const start = (id: string, who: string, text: string, anchor: Record<string, unknown> = { sectionId: 'intro' }, more: Record<string, unknown> = {}) =>
  api<CommentThread>(server.url, 'POST', `/api/artifacts/${id}/comments`, { anchor, text, ...more }, who);
const reply = (id: string, thread: string, who: string, body: Record<string, unknown>) => api<CommentThread>(server.url, 'POST', `/api/artifacts/${id}/comments/${thread}/replies`, body, who);

beforeAll(async () => {
  server = await startTestServer({}, { authenticator: tokensNamePeople(people), notifyComment: (event) => notifications.push(event) });
  await server.storage.people.upsert(Object.values(people).map(({ userId, name, orgId, groups }) => ({ userId, name, orgId, groups })));
  shared = await artifact('shared', 'org');
  secret = await artifact('secret', 'private');
});
afterAll(async () => {
  await server?.dispose();
});

describe('who may read and write threads', () => {
  // [who, artifact, list, start]
  const table: [string, 'shared' | 'secret', number, number][] = [
    ['alice', 'shared', 200, 201],
    ['bob', 'shared', 200, 201],
    ['vic', 'shared', 200, 201],
    ['adam', 'shared', 200, 201],
    ['carol', 'shared', 404, 404],
    ['bob', 'secret', 404, 404],
    ['alice', 'secret', 200, 201],
  ];
  it.each(table)('%s on the %s artifact: list %i, start %i', async (who, which, list, create) => {
    const id = which === 'shared' ? shared : secret;
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/comments`, undefined, who)).status).toBe(list);
    expect((await start(id, who, `from ${who}`)).status).toBe(create);
  });

  it('refuses edits and deletes of someone else’s comment; the owner may delete any', async () => {
    const { body: thread } = await start(shared, 'bob', 'bob asks');
    const commentId = thread.comments[0]!.id;
    const path = `/api/artifacts/${shared}/comments/${thread.id}/comments/${commentId}`;
    expect(await api(server.url, 'PUT', path, { text: 'vic rewrites' }, 'vic')).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await api(server.url, 'DELETE', path, undefined, 'vic')).status).toBe(403);
    expect((await api(server.url, 'PUT', path, { text: 'bob rewrites' }, 'carol')).status).toBe(404);
    const edited = await api<CommentThread>(server.url, 'PUT', path, { text: 'bob rewrites' }, 'bob');
    expect(edited.body.comments[0]).toMatchObject({ text: 'bob rewrites', editedAt: expect.any(String) });
    // The owner of the artifact moderates: deleting the last comment takes the thread along.
    expect((await api(server.url, 'DELETE', path, undefined, 'alice')).status).toBe(204);
    expect((await api(server.url, 'GET', `/api/artifacts/${shared}/comments/${thread.id}`, undefined, 'bob')).status).toBe(404);
  });

  it('rejects bad input with a stable code and stores nothing', async () => {
    const before = (await api<{ threads: CommentThread[] }>(server.url, 'GET', `/api/artifacts/${shared}/comments`, undefined, 'bob')).body.threads.length;
    expect(await start(shared, 'bob', '   ')).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', field: 'text' } } });
    expect(await start(shared, 'bob', 'x'.repeat(4_001))).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', field: 'text' } } });
    expect(await start(shared, 'bob', 'where?', { sectionId: 'nope' })).toMatchObject({ status: 400, body: { error: { code: 'section_not_found' } } });
    expect(await start(shared, 'bob', 'which event?', { sectionId: 'tl', eventId: 'nope' })).toMatchObject({ status: 400, body: { error: { field: 'anchor.eventId' } } });
    expect((await start(shared, 'bob', 'this event', { sectionId: 'tl', eventId: 'e1' })).status).toBe(201);
    const after = (await api<{ threads: CommentThread[] }>(server.url, 'GET', `/api/artifacts/${shared}/comments`, undefined, 'bob')).body.threads.length;
    expect(after).toBe(before + 1);
  });

  it('answers a retried start under one Idempotency-Key once', async () => {
    const send = () =>
      fetch(`${server.url}/api/artifacts/${shared}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer bob', 'idempotency-key': 'retry-1' },
        body: JSON.stringify({ anchor: { sectionId: 'intro' }, text: 'retried' }),
      });
    const first = (await (await send()).json()) as CommentThread;
    const second = await send();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(((await second.json()) as CommentThread).id).toBe(first.id);
    const { body } = await api<{ threads: CommentThread[] }>(server.url, 'GET', `/api/artifacts/${shared}/comments`, undefined, 'bob');
    expect(body.threads.filter((t) => t.comments[0]?.text === 'retried')).toHaveLength(1);
  });

  it('the org policy turning comments off refuses writes (comments_disabled) and keeps threads readable', async () => {
    const policy = { enabled: true, orgWideSharing: 'everyone', retentionDays: { private: null, shared: null }, keepVersions: null };
    expect((await api(server.url, 'PUT', '/api/admin/policy', { ...policy, comments: false }, 'adam')).status).toBe(200);
    try {
      expect(await start(shared, 'bob', 'muted')).toMatchObject({ status: 403, body: { error: { code: 'comments_disabled' } } });
      expect((await api(server.url, 'GET', `/api/artifacts/${shared}/comments`, undefined, 'bob')).status).toBe(200);
      // Existence still does not leak: someone who may not read gets not_found first.
      expect((await start(secret, 'bob', 'muted')).status).toBe(404);
    } finally {
      expect((await api(server.url, 'PUT', '/api/admin/policy', policy, 'adam')).status).toBe(200);
    }
  });
});

describe('mentions and the agent', () => {
  it('resolves @mentions of org members only, and tells the hook who may read', async () => {
    const restricted = await artifact('restricted', 'restricted', { users: ['bob'] });
    notifications.length = 0;
    const { body: thread } = await start(restricted, 'alice', 'ping @bob and @vic and @carol and @nobody, mail bob@acme.test');
    expect(thread.comments[0]).toMatchObject({ mentions: ['bob', 'vic'], mentionHandles: ['bob', 'vic'] });
    expect(notifications).toEqual([
      { type: 'commented', orgId: 'acme', artifactId: restricted, threadId: thread.id, commentId: thread.comments[0]!.id, actorId: 'alice', mentions: [] },
      // vic is of the org but may not read this artifact: not told about it.
      { type: 'mentioned', orgId: 'acme', artifactId: restricted, threadId: thread.id, commentId: thread.comments[0]!.id, actorId: 'alice', mentions: ['bob'] },
    ]);
  });

  it('resolves a name handle, and a first name only while nobody else of the org has it', async () => {
    await server.storage.people.upsert([
      { userId: 'u-dana1', name: 'Dana One', orgId: 'acme', groups: [] },
      { userId: 'u-dana2', name: 'Dana Two', orgId: 'acme', groups: [] },
      { userId: 'u-erin', name: 'Erin Example', orgId: 'acme', groups: [] },
    ]);
    const { body: thread } = await start(shared, 'alice', '@dana? @erin, @dana.two!');
    expect(thread.comments[0]).toMatchObject({ mentions: ['u-erin', 'u-dana2'], mentionHandles: ['erin', 'dana.two'] });
  });

  it('queues threads for the agent in artifacts the caller may edit, with a stable cursor', async () => {
    const queue = (who: string, since?: string, limit = 50) =>
      api<AgentQueue>(server.url, 'GET', `/api/comments/agent?limit=${limit}${since ? `&since=${encodeURIComponent(since)}` : ''}`, undefined, who);
    const start0 = (await queue('alice')).body;
    const asked = (await start(shared, 'bob', '@agent why did p99 rise?')).body;
    const button = (await start(shared, 'vic', 'what changed here?', { sectionId: 'tl', eventId: 'e1' }, { askAgent: true })).body;
    await start(shared, 'bob', 'no agent here');
    const page1 = (await queue('alice', start0.cursor, 1)).body;
    expect(page1.items.map((i) => i.thread.id)).toEqual([asked.id]);
    expect(page1).toMatchObject({ more: true, items: [{ artifactId: shared, artifactTitle: 'shared' }] });
    const page2 = (await queue('alice', page1.cursor, 1)).body;
    expect(page2.items.map((i) => i.thread.id)).toEqual([button.id]);
    expect((await queue('alice', page2.cursor)).body.items).toEqual([]);
    // bob may read but not edit alice's artifact: nothing of it is his agent's to answer.
    expect((await queue('bob', start0.cursor)).body.items).toEqual([]);
    expect((await queue('carol')).body.items).toEqual([]);
    // The agent's answer does not queue the thread again; a person asking again does.
    const answered = (await reply(shared, asked.id, 'alice', { text: 'a deploy at 10:00', viaAgent: true })).body;
    expect(answered.comments.at(-1)).toMatchObject({ viaAgent: true, authorId: 'alice' });
    expect((await queue('alice', page2.cursor)).body.items).toEqual([]);
    await reply(shared, asked.id, 'bob', { text: 'which deploy?' });
    const again = (await queue('alice', page2.cursor)).body;
    expect(again.items.map((i) => i.thread.id)).toEqual([asked.id]);
    // Resolved threads leave the queue.
    await reply(shared, button.id, 'alice', { text: 'the 10:00 deploy', viaAgent: true, resolve: true });
    expect((await queue('alice', start0.cursor)).body.items.map((i) => i.thread.id)).toEqual([asked.id]);
    expect(await queue('alice', 'garbage')).toMatchObject({ status: 400, body: { error: { code: 'invalid_cursor' } } });
  });
});

describe('audit, export, delete and the live push', () => {
  it('audits every change as metadata only', async () => {
    const id = await artifact('audited', 'org');
    const { body: thread } = await start(id, 'bob', 'SECRET-TEXT-1 @agent');
    const commentId = thread.comments[0]!.id;
    await api(server.url, 'PUT', `/api/artifacts/${id}/comments/${thread.id}/comments/${commentId}`, { text: 'SECRET-TEXT-2' }, 'bob');
    await api(server.url, 'POST', `/api/artifacts/${id}/comments/${thread.id}/resolve`, undefined, 'vic');
    await api(server.url, 'POST', `/api/artifacts/${id}/comments/${thread.id}/reopen`, undefined, 'vic');
    const r = await reply(id, thread.id, 'vic', { text: 'SECRET-TEXT-3' });
    await api(server.url, 'DELETE', `/api/artifacts/${id}/comments/${thread.id}/comments/${r.body.comments.at(-1)!.id}`, undefined, 'vic');
    await server.storage.auditLog.flush();
    const events = await server.storage.auditReader.events('acme', { artifactId: id, order: 'asc', limit: 100 });
    const comments = events.filter((e) => e.action.startsWith('comment'));
    expect(comments.map((e) => [e.action, e.actorId])).toEqual([
      ['commented', 'bob'],
      ['comment-edited', 'bob'],
      ['comment-resolved', 'vic'],
      ['comment-reopened', 'vic'],
      ['commented', 'vic'],
      ['comment-deleted', 'vic'],
    ]);
    expect(comments[0]!.details).toEqual({ threadId: thread.id, commentId, sectionId: 'intro', mentions: 1, agent: true });
    expect(JSON.stringify(events)).not.toContain('SECRET-TEXT');
  });

  it('exports the threads with the artifact, and a hard delete removes them', async () => {
    const id = await artifact('exported', 'org');
    const { body: thread } = await start(id, 'bob', 'kept for the record');
    const res = await fetch(`${server.url}/api/compliance/artifacts/${id}/export`, { headers: { authorization: 'Bearer audrey' } });
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const exported = JSON.parse(strFromU8(files['comments.json']!)) as { threads: CommentThread[] };
    expect(exported.threads.map((t) => [t.id, t.comments[0]?.text])).toEqual([[thread.id, 'kept for the record']]);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { files: { name: string }[] };
    expect(manifest.files.map((f) => f.name)).toContain('comments.json');

    expect((await fetch(`${server.url}/api/compliance/artifacts/${id}`, { method: 'DELETE', headers: { authorization: 'Bearer audrey' } })).status).toBe(204);
    const rows = await server.storage.db.query<{ n: string | number }>(
      'select (select count(*) from comment_threads where artifact_id = $1) + (select count(*) from comments where artifact_id = $1) as n',
      [id],
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('pushes every change to the open pages of the artifact, ids only', async () => {
    const id = await artifact('live', 'org');
    const viewer = connectViewer(server.url, id, 'vic');
    const notices: string[] = [];
    viewer.provider.on('stateless', ({ payload }: { payload: string }) => {
      if (payload.startsWith('{')) notices.push(payload);
    });
    try {
      await viewer.synced;
      const { body: thread } = await start(id, 'bob', 'PUSHED-TEXT');
      await reply(id, thread.id, 'alice', { text: 'seen', resolve: true });
      await eventually(() => expect(notices.map((n) => JSON.parse(n) as unknown)).toEqual([
        { type: 'comments', threadId: thread.id, change: 'created' },
        { type: 'comments', threadId: thread.id, change: 'resolved' },
      ]));
      expect(notices.join('')).not.toContain('PUSHED-TEXT');
    } finally {
      viewer.close();
    }
  });
});
