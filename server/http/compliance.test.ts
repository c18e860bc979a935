import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sectionsArray } from '#shared';
import { auditRows, findMarker, testAuthenticator } from '../audit/test-support.ts';
import { api, connectViewer, eventually, startTestServer } from '../test-server.ts';

/*
 * The compliance API against the real server: auditors of their own org only, pagination and
 * filters with stable errors, exports whose manifest matches the served bytes, verification,
 * and hard deletion that leaves no trace of the content in any table.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({}, { authenticator: testAuthenticator });
});
afterAll(async () => {
  await server?.dispose();
});

const call = (who: string, method: string, route: string, body?: unknown) => api<Record<string, unknown> & { error?: { code: string; field?: string } }>(server.url, method, route, body, who);
const raw = (who: string, route: string) => fetch(`${server.url}${route}`, { headers: { authorization: `Bearer ${who}` } });
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function artifactOf(who: string, title: string, text: string, publish = 0): Promise<string> {
  const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title }, who);
  await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 's', type: 'markdown', text } }] }, who);
  for (let i = 1; i <= publish; i++) {
    await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'text.append', id: 's', text: ` v${i}` }] }, who);
    expect((await api(server.url, 'POST', `/api/artifacts/${body.id}/versions`, { message: `v${i}` }, who)).status).toBe(201);
  }
  return body.id;
}

describe('who may use it', () => {
  it('refuses non-auditors with 403 and records the refusal', async () => {
    const before = (await auditRows(server.store.db, 'acme')).length;
    for (const who of ['alice', 'vic']) {
      for (const route of ['/api/compliance/artifacts', '/api/compliance/events', '/api/compliance/verify']) {
        expect((await call(who, 'GET', route)).status).toBe(403);
      }
    }
    expect((await call('nobody', 'GET', '/api/compliance/events')).status).toBe(401);
    const rows = (await auditRows(server.store.db, 'acme')).slice(before);
    // One per person a minute: a loop of refused requests does not grow the trail.
    expect(rows.map((r) => r.actor_id)).toEqual(['alice', 'vic']);
    expect(rows.every((r) => r.action === 'login-denied' && r.details.reason === 'role-missing' && r.details.route === 'compliance')).toBe(true);
  });

  it("keeps each auditor to their own org: other orgs' artifacts are 404 and their events invisible", async () => {
    const acmeId = await artifactOf('alice', 'Acme private', 'acme text', 1);
    const globexId = await artifactOf('carol', 'Globex private', 'globex text', 1);
    // Auditors see private artifacts of their org, whatever the sharing.
    const acmeList = await call('audrey', 'GET', '/api/compliance/artifacts?limit=200');
    expect((acmeList.body.items as { id: string }[]).map((a) => a.id)).toContain(acmeId);
    expect((acmeList.body.items as { id: string }[]).map((a) => a.id)).not.toContain(globexId);
    for (const route of [`/api/compliance/artifacts/${globexId}`, `/api/compliance/artifacts/${globexId}/versions/1`, `/api/compliance/artifacts/${globexId}/export`]) {
      expect((await call('audrey', 'GET', route)).status).toBe(404);
    }
    expect((await call('audrey', 'DELETE', `/api/compliance/artifacts/${globexId}`)).status).toBe(404);
    const globexList = await call('gail', 'GET', '/api/compliance/artifacts?limit=200');
    expect((globexList.body.items as { id: string; orgId: string }[]).every((a) => a.orgId === 'globex')).toBe(true);
    const globexEvents = await call('gail', 'GET', '/api/compliance/events?limit=200');
    const items = globexEvents.body.items as { orgId: string; artifactId: string | null }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e) => e.orgId === 'globex' && e.artifactId !== acmeId)).toBe(true);
    expect((await call('audrey', 'GET', `/api/compliance/artifacts/${acmeId}/versions/1`)).status).toBe(200);
  });
});

describe('lists', () => {
  it('pages events by cursor in seq order, with filters', async () => {
    const id = await artifactOf('bob', 'Paged', 'x', 2);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await call('audrey', 'GET', `/api/compliance/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...(res.body.items as { seq: number }[]).map((e) => e.seq));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
    const published = await call('audrey', 'GET', `/api/compliance/events?action=published,created&artifact=${id}&actor=bob`);
    expect((published.body.items as { action: string; version: number | null }[]).map((e) => [e.action, e.version])).toEqual([['created', null], ['published', 1], ['published', 2]]);
    const newestFirst = await call('audrey', 'GET', '/api/compliance/events?order=desc&limit=2');
    const [a, b] = newestFirst.body.items as { seq: number }[];
    expect((a?.seq ?? 0) > (b?.seq ?? 0)).toBe(true);
    const future = await call('audrey', 'GET', '/api/compliance/events?from=2999-01-01');
    expect(future.body).toEqual({ items: [], nextCursor: null });
  });

  it('pages artifacts by cursor without repeats, with filters', async () => {
    for (let i = 0; i < 5; i++) await artifactOf('bob', `Bob page ${i}`, 'x');
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call('audrey', 'GET', `/api/compliance/artifacts?owner=bob&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      ids.push(...(res.body.items as { id: string; owner: string }[]).map((a) => a.id));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(6);
    const byTitle = await call('audrey', 'GET', '/api/compliance/artifacts?q=bob%20page%203&visibility=private');
    expect((byTitle.body.items as { title: string }[]).map((a) => a.title)).toEqual(['Bob page 3']);
    const none = await call('audrey', 'GET', '/api/compliance/artifacts?updatedTo=2000-01-01T00:00:00Z');
    expect(none.body.items).toEqual([]);
  });

  it('refuses bad filters and cursors with stable codes', async () => {
    const cases: [string, string, string][] = [
      ['/api/compliance/events?limit=500', 'invalid_filter', 'limit'],
      ['/api/compliance/events?limit=zero', 'invalid_filter', 'limit'],
      ['/api/compliance/events?action=hacked', 'invalid_filter', 'action'],
      ['/api/compliance/events?from=yesterday', 'invalid_filter', 'from'],
      ['/api/compliance/events?colour=red', 'invalid_filter', 'colour'],
      ['/api/compliance/events?cursor=bm9wZQ', 'invalid_cursor', 'cursor'],
      ['/api/compliance/artifacts?visibility=public', 'invalid_filter', 'visibility'],
      ['/api/compliance/artifacts?cursor=garbage!', 'invalid_cursor', 'cursor'],
    ];
    for (const [route, code, field] of cases) {
      const res = await call('audrey', 'GET', route);
      expect([route, res.status, res.body.error?.code, res.body.error?.field]).toEqual([route, 400, code, field]);
    }
    // A cursor of one list is not accepted by the other.
    const page = await call('audrey', 'GET', '/api/compliance/events?limit=1');
    expect((await call('audrey', 'GET', `/api/compliance/artifacts?cursor=${page.body.nextCursor as string}`)).body.error?.code).toBe('invalid_cursor');
  });
});

describe('versions and export', () => {
  it("exports every version with a manifest whose hashes match the served bytes, and audits it", async () => {
    const id = await artifactOf('alice', 'Exported', 'export me', 3);
    const res = await raw('audrey', `/api/compliance/artifacts/${id}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['comments.json', 'manifest.json', 'v1.html', 'v1.json', 'v2.html', 'v2.json', 'v3.html', 'v3.json']);
    const manifest = JSON.parse(strFromU8(files['manifest.json'] as Uint8Array)) as {
      artifact: { id: string; title: string; owner: string };
      files: { name: string; sha256: string; bytes: number }[];
      versions: { version: number; recordedSha256: string; intact: boolean }[];
    };
    expect(manifest.artifact).toMatchObject({ id, title: 'Exported', owner: 'alice' });
    expect(manifest.files).toHaveLength(7);
    expect(JSON.parse(strFromU8(files['comments.json'] as Uint8Array))).toEqual({ threads: [] });
    for (const n of [1, 2, 3]) {
      const served = {
        html: new Uint8Array(await (await raw('audrey', `/api/compliance/artifacts/${id}/versions/${n}?format=html`)).arrayBuffer()),
        json: new Uint8Array(await (await raw('audrey', `/api/compliance/artifacts/${id}/versions/${n}`)).arrayBuffer()),
        ownersHtml: new Uint8Array(await (await raw('alice', `/api/artifacts/${id}/versions/${n}/html`)).arrayBuffer()),
      };
      const entry = (name: string) => manifest.files.find((f) => f.name === name);
      expect(entry(`v${n}.html`)?.sha256).toBe(sha256(served.html));
      expect(entry(`v${n}.html`)?.sha256).toBe(sha256(served.ownersHtml));
      expect(entry(`v${n}.json`)?.sha256).toBe(sha256(served.json));
      expect(sha256(files[`v${n}.html`] as Uint8Array)).toBe(sha256(served.html));
      expect(manifest.versions.find((v) => v.version === n)).toMatchObject({ recordedSha256: sha256(served.html), intact: true });
    }
    const htmlRes = await raw('audrey', `/api/compliance/artifacts/${id}/versions/1/html`);
    expect(htmlRes.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(htmlRes.headers.get('x-content-type-options')).toBe('nosniff');
    const events = await call('audrey', 'GET', `/api/compliance/events?action=exported&artifact=${id}`);
    expect(events.body.items).toMatchObject([{ action: 'exported', actorId: 'audrey', details: { versions: 3 } }]);
  });
});

describe('hard delete', () => {
  it('leaves no trace of the content in any table, and the trail still verifies', async () => {
    const marker = `MARK-${Math.random().toString(36).slice(2)}-ER`;
    const id = await artifactOf('alice', `Doomed ${marker}`, `secret ${marker}`, 2);
    await api(server.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'restricted', users: ['bob'] }, 'alice');
    // A socket edit too, so the update log holds socket updates as well as op batches.
    const editor = connectViewer(server.url, id, 'alice');
    await editor.synced;
    editor.doc.transact(() => {
      const section = new Y.Map<unknown>();
      section.set('id', 'sock');
      section.set('type', 'markdown');
      section.set('text', new Y.Text(`typed ${marker}`));
      sectionsArray(editor.doc).push([section]);
    });
    await eventually(async () => expect(await findMarker(server.store.db, `typed ${marker}`)).toEqual(['updates.data']));
    editor.close();
    await server.collab.persistence.idle();
    // Fold the log into the state row too, so both places hold content before the delete.
    await server.store.compact(id, (doc) => {
      const y = new Y.Doc();
      if (doc.state) Y.applyUpdate(y, doc.state);
      for (const u of doc.updates) Y.applyUpdate(y, u);
      return Y.encodeStateAsUpdate(y);
    });
    // A comment thread quoting it and a reply: content of the artifact too.
    const thread = await api<{ id: string }>(server.url, 'POST', `/api/artifacts/${id}/comments`, { anchor: { sectionId: 'sock', quote: marker }, text: `asked ${marker}` }, 'bob');
    expect(thread.status).toBe(201);
    expect((await findMarker(server.store.db, marker)).sort()).toEqual(['artifacts.title', 'comment_threads.quote', 'comments.text', 'state.data', 'versions.html', 'versions.json', 'versions.meta_title', 'versions.state']);

    expect((await call('audrey', 'DELETE', `/api/compliance/artifacts/${id}`)).status).toBe(204);
    expect(await findMarker(server.store.db, marker)).toEqual([]);
    expect((await call('audrey', 'GET', `/api/compliance/artifacts/${id}`)).status).toBe(404);
    expect((await call('alice', 'GET', `/api/artifacts/${id}`)).status).toBe(404);
    expect(server.collab.hocuspocus.documents.has(id)).toBe(false);
    const deleted = await call('audrey', 'GET', `/api/compliance/events?action=deleted&artifact=${id}`);
    expect(deleted.body.items).toMatchObject([{ action: 'deleted', actorId: 'audrey', details: { via: 'compliance', versions: 2 } }]);
    expect((await call('audrey', 'GET', '/api/compliance/verify')).body).toMatchObject({ intact: true });
    expect((await call('audrey', 'DELETE', `/api/compliance/artifacts/${id}`)).status).toBe(404);
  });

  it('verifies the whole chain and reports the first broken link', async () => {
    const ok = await call('audrey', 'GET', '/api/compliance/verify');
    expect(ok.body).toMatchObject({ intact: true });
    const total = ok.body.events as number;
    await server.store.db.query('alter table audit_events disable trigger audit_no_change');
    await server.store.db.query(`update audit_events set actor_id = 'someone-else' where org_id = 'acme' and seq = 4`);
    await server.store.db.query('alter table audit_events enable trigger audit_no_change');
    expect((await call('audrey', 'GET', '/api/compliance/verify')).body).toMatchObject({ intact: false, reason: 'hash_mismatch', events: 3, brokenAt: { seq: 4 } });
    expect(total).toBeGreaterThan(4);
    // globex's chain is its own, and intact.
    expect((await call('gail', 'GET', '/api/compliance/verify')).body).toMatchObject({ intact: true });
  });
});
