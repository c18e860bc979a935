import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sectionsArray } from '#shared';
import { api, connectViewer, eventually, startTestServer } from '../test-server.ts';
import { appendAuditEvent } from '../store/audit-events.ts';
import { auditRows, findMarker, testAuthenticator } from './test-support.ts';

/*
 * The audit trail against the real server and PGlite: one event per change, in the change's
 * transaction, with the token's actor and the TCP peer, and never any content.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({}, { authenticator: testAuthenticator });
});
afterAll(async () => {
  await server?.dispose();
});

const MARKER = 'ZQX-secret-content-7731';
const as = (who: string) => ({
  get: <T = unknown>(route: string) => api<T>(server.url, 'GET', route, undefined, who),
  post: <T = unknown>(route: string, body?: unknown) => api<T>(server.url, 'POST', route, body ?? {}, who),
  put: <T = unknown>(route: string, body: unknown) => api<T>(server.url, 'PUT', route, body, who),
  delete: (route: string) => api(server.url, 'DELETE', route, undefined, who),
});
const alice = as('alice');

describe('audit events', () => {
  it('records every action with its actor and address, and no content', async () => {
    const before = (await auditRows(server.store.db, 'acme')).length;
    const { body } = await alice.post<{ id: string }>('/api/artifacts', { title: `Title ${MARKER}` });
    const id = body.id;
    expect((await alice.post(`/api/artifacts/${id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 's', type: 'markdown', text: `body ${MARKER}` } }] })).status).toBe(200);
    expect((await alice.post(`/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: 's', text: ` more ${MARKER}` }, { op: 'meta.set', status: 'ok' }] })).status).toBe(200);
    expect((await alice.post(`/api/artifacts/${id}/versions`, { message: `message ${MARKER}` })).status).toBe(201);
    expect((await alice.put(`/api/artifacts/${id}/sharing`, { visibility: 'restricted', users: ['bob', 'vic'] })).status).toBe(200);
    expect((await as('bob').get(`/api/artifacts/${id}`)).status).toBe(200);
    expect((await as('bob').get(`/api/artifacts/${id}/versions/1`)).status).toBe(200);
    expect((await as('bob').get(`/api/artifacts/${id}/versions/1/link`)).status).toBe(200);
    expect((await alice.post(`/api/artifacts/${id}/ops`, { ops: [{ op: 'meta.set', status: 'draft' }] })).status).toBe(200);
    expect((await alice.post(`/api/artifacts/${id}/versions/1/restore`)).status).toBe(201);
    expect((await alice.put(`/api/artifacts/${id}/sharing`, { visibility: 'private' })).status).toBe(200);
    expect((await alice.delete(`/api/artifacts/${id}`)).status).toBe(204);

    const rows = (await auditRows(server.store.db, 'acme')).slice(before);
    expect(rows.map((r) => [r.action, r.actor_id, r.version])).toEqual([
      ['created', 'alice', null],
      ['edited', 'alice', null],
      ['edited', 'alice', null],
      ['published', 'alice', 1],
      ['shared', 'alice', null],
      ['viewed', 'bob', null],
      ['viewed', 'bob', 1],
      ['viewed', 'bob', 1],
      ['edited', 'alice', null],
      // One transaction: the unpublished edit frozen first, the restore, its result.
      ['published', 'alice', 2],
      ['restored', 'alice', 1],
      ['published', 'alice', 3],
      ['unshared', 'alice', null],
      ['deleted', 'alice', null],
    ]);
    expect(rows.every((r) => r.artifact_id === id && r.client_address === '127.0.0.1')).toBe(true);
    expect(rows[0]?.actor_name).toBe('Alice Author');
    expect(rows[2]?.details).toEqual({ ops: 2 });
    expect(rows[4]?.details).toEqual({ visibility: 'restricted', previousVisibility: 'private', users: 2, groups: 0, roles: { view: { users: 2, groups: 0 }, edit: { users: 0, groups: 0 } } });
    expect(rows[9]?.details).toMatchObject({ reason: 'before-restore', restoring: 1 });
    expect(rows[11]?.details).toMatchObject({ restoredFrom: 1 });
    // Metadata only: the marker (in the title, the text and the version message) is nowhere in the trail.
    expect(JSON.stringify(rows)).not.toContain(MARKER);
    expect((await findMarker(server.store.db, MARKER)).filter((hit) => hit.startsWith('audit_'))).toEqual([]);
  });

  it('records one edit per socket connection, not per keystroke, and one view per connection', async () => {
    const { body } = await alice.post<{ id: string }>('/api/artifacts', { title: 'Typed' });
    const seqBefore = (await auditRows(server.store.db, 'acme')).length;
    const editor = connectViewer(server.url, body.id, 'alice');
    await editor.synced;
    const text = new Y.Text('');
    editor.doc.transact(() => {
      const section = new Y.Map<unknown>();
      section.set('id', 'typed');
      section.set('type', 'markdown');
      section.set('text', text);
      sectionsArray(editor.doc).push([section]);
    });
    for (const ch of 'hello') {
      text.insert(text.length, ch);
      await new Promise((r) => setTimeout(r, 20));
    }
    await eventually(async () => expect((await server.store.loadDocument(body.id)).updates.length).toBeGreaterThanOrEqual(3));
    editor.close();
    const rows = (await auditRows(server.store.db, 'acme')).slice(seqBefore).filter((r) => r.artifact_id === body.id);
    expect(rows.map((r) => [r.action, r.details])).toEqual([
      ['viewed', { via: 'socket' }],
      ['edited', { via: 'socket' }],
    ]);
  });

  it("writes a refused verified token into its org's chain, and only logs unverified ones", async () => {
    const before = await auditRows(server.store.db, 'acme');
    expect((await as('leaver').get('/api/artifacts')).status).toBe(403);
    expect((await as('forged-token').get('/api/artifacts')).status).toBe(401);
    const rows = (await auditRows(server.store.db, 'acme')).slice(before.length);
    expect(rows.map((r) => [r.action, r.actor_id, r.details])).toEqual([['login-denied', 'leo', { reason: 'not-a-member', via: 'http' }]]);
    const orgs = await server.store.db.query<{ org_id: string }>('select distinct org_id from audit_events');
    expect(orgs.map((o) => o.org_id).sort()).not.toContain('');
  });
});

describe('what callers can make the trail record is bounded', () => {
  it('writes one view per person and artifact a minute however often they open it, and one refusal per minute', async () => {
    const { body } = await alice.post<{ id: string }>('/api/artifacts', { title: 'Opened often' });
    const seqBefore = (await auditRows(server.store.db, 'acme')).length;
    for (let i = 0; i < 15; i++) {
      const viewer = connectViewer(server.url, body.id, 'alice');
      await viewer.synced;
      viewer.close();
    }
    for (let i = 0; i < 15; i++) expect((await alice.get(`/api/artifacts/${body.id}`)).status).toBe(200);
    // alice is no auditor: every compliance request is refused.
    for (let i = 0; i < 15; i++) expect((await alice.get('/api/compliance/events')).status).toBe(403);
    const rows = (await auditRows(server.store.db, 'acme')).slice(seqBefore);
    const count = (action: string, via?: string) => rows.filter((r) => r.action === action && (!via || (r.details as { via?: string }).via === via)).length;
    expect([count('viewed', 'socket'), count('viewed', 'live-json'), count('login-denied')]).toEqual([1, 1, 1]);
  });
});

describe('same transaction', () => {
  /** Makes every insert of `action` fail, as a full disk or a crash mid-commit would. */
  const failAudit = async (action: string, run: () => Promise<void>) => {
    await server.store.db.query(`alter table audit_events add constraint test_refuse check (action <> '${action}') not valid`);
    try {
      await run();
    } finally {
      await server.store.db.query('alter table audit_events drop constraint test_refuse');
    }
  };

  it('rolls an op batch back when its audit event cannot be written', async () => {
    const { body } = await alice.post<{ id: string }>('/api/artifacts', { title: 'Rollback' });
    const stored = await server.store.loadDocument(body.id);
    const events = (await auditRows(server.store.db, 'acme')).length;
    await failAudit('edited', async () => {
      const res = await alice.post<{ error: { code: string } }>(`/api/artifacts/${body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'x', type: 'markdown', text: 'never stored' } }] });
      expect(res.status).toBe(503);
    });
    expect(await server.store.loadDocument(body.id)).toEqual(stored);
    expect(await auditRows(server.store.db, 'acme')).toHaveLength(events);
  });

  it('rolls a sharing change back when its audit event cannot be written, and a failed change writes no event', async () => {
    const { body } = await alice.post<{ id: string }>('/api/artifacts', { title: 'Rollback sharing' });
    const events = (await auditRows(server.store.db, 'acme')).length;
    await failAudit('shared', async () => {
      expect((await alice.put(`/api/artifacts/${body.id}/sharing`, { visibility: 'org' })).status).toBeGreaterThanOrEqual(500);
    });
    expect((await server.store.getArtifact(body.id))?.visibility).toBe('private');
    // Refused changes record nothing either.
    expect((await alice.post(`/api/artifacts/${body.id}/ops`, { ops: [{ op: 'bogus' }] })).status).toBe(400);
    expect((await as('bob').put(`/api/artifacts/${body.id}/sharing`, { visibility: 'org' })).status).toBe(404);
    expect((await alice.post(`/api/artifacts/${body.id}/versions/9/restore`)).status).toBe(404);
    expect(await auditRows(server.store.db, 'acme')).toHaveLength(events);
  });
});

describe('tamper evidence', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
    await alice.post('/api/artifacts', { title: 'Something to audit' });
    await expect(server.store.db.query("update audit_events set actor_id = 'mallory' where org_id = 'acme'")).rejects.toThrow(/append-only/);
    await expect(server.store.db.query("delete from audit_events where org_id = 'acme'")).rejects.toThrow(/append-only/);
    await expect(server.store.db.query('truncate audit_events')).rejects.toThrow(/append-only/);
  });

  it('detects one altered row at exactly its seq, and removed newest events', async () => {
    const ines = as('ines');
    for (let i = 0; i < 5; i++) await ines.post('/api/artifacts', { title: `t${i}` });
    const reader = server.storage.auditReader;
    expect(await reader.verify('initech')).toEqual({ intact: true, events: 5 });
    // What a DBA could do: switch the guard off, change one row, switch it back on.
    await server.store.db.query('alter table audit_events disable trigger audit_no_change');
    await server.store.db.query(`update audit_events set details = '{"note":"nothing happened"}' where org_id = 'initech' and seq = 3`);
    await server.store.db.query('alter table audit_events enable trigger audit_no_change');
    expect(await reader.verify('initech')).toMatchObject({ intact: false, reason: 'hash_mismatch', events: 2, brokenAt: { seq: 3, action: 'created' } });
    // Other orgs' chains are untouched.
    expect(await reader.verify('acme')).toMatchObject({ intact: true });
  });

  it('detects a deleted tail through the head row', async () => {
    await server.store.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await appendAuditEvent(tx, { orgId: 'tailorg', actorId: 'x', action: 'viewed' });
    });
    await server.store.db.query('alter table audit_events disable trigger audit_no_change');
    await server.store.db.query(`delete from audit_events where org_id = 'tailorg' and seq = 3`);
    await server.store.db.query('alter table audit_events enable trigger audit_no_change');
    expect(await server.storage.auditReader.verify('tailorg')).toMatchObject({ intact: false, reason: 'head_mismatch', brokenAt: { seq: 3 } });
  });
});
