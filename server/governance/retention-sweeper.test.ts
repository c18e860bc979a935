import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, DEFAULT_ORG_POLICY, type OrgPolicy, type Principal } from '#policies';
import { api, connectViewer, eventually, startTestServer, tokensNamePeople } from '../test-server.ts';
import { RetentionSweeper, type SweepResult } from './retention-sweeper.ts';

/*
 * Retention through the real sweeper, the real server and real PGlite, with the sweeper's
 * clock moved instead of the data: boundaries, legal hold, keep-last-N (and unpinning), no trace
 * left after a delete, and one sweeper at a time.
 */
const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'alice', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'bob', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  adam: { userId: 'adam', name: 'adam', orgId: 'acme', roles: ['org-admin'], groups: [] },
};
const authenticator = tokensNamePeople(people);

let server: Awaited<ReturnType<typeof startTestServer>>;
let dataDir: string;
let clock = new Date();
const sweeper = () =>
  new RetentionSweeper({ store: server.store, retention: server.storage.retention, policies: server.governance.policies, documents: server.collab.documents, logger: server.logger, now: () => clock });

const setPolicy = async (over: Partial<OrgPolicy>) => {
  const { status } = await api(server.url, 'PUT', '/api/admin/policy', { ...DEFAULT_ORG_POLICY, ...over }, 'adam');
  expect(status).toBe(200);
};
const create = async (text: string, visibility: 'private' | 'org' = 'private') => {
  const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'Retention test' }, 'alice');
  await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 's', type: 'markdown', text } }] }, 'alice');
  if (visibility !== 'private') await api(server.url, 'PUT', `/api/artifacts/${body.id}/sharing`, { visibility }, 'alice');
  return body.id;
};
/** An edit, then a publish (publishing an unchanged document stores no version). */
const publishChange = async (id: string, text: string): Promise<number> => {
  await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.set', id: 's', text }] }, 'alice');
  const { status, body } = await api<{ version: number }>(server.url, 'POST', `/api/artifacts/${id}/versions`, { message: text }, 'alice');
  expect(status).toBe(201);
  return body.version;
};
const updatedAt = async (id: string) => new Date(((await server.store.getArtifact(id)) as { updatedAt: string }).updatedAt).getTime();
const exists = async (id: string) => (await server.store.getArtifact(id)) !== null;
const ran = (result: SweepResult) => {
  if (!result.ran) throw new Error('the sweep did not run');
  return result;
};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'la-retention-'));
  server = await startTestServer({ DATA_DIR: dataDir, RETENTION_SWEEP_INTERVAL_MS: '0' }, { authenticator });
});
afterAll(async () => {
  await server?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('retention boundaries', () => {
  it('deletes a private artifact exactly on its retention day and a day after, not a day before', async () => {
    await setPolicy({ retentionDays: { private: 30, shared: null } });
    const onTheDay = await create('on the day');
    const dayAfter = await create('a day after');
    const forever = await create('shared, kept forever', 'org');

    clock = new Date((await updatedAt(onTheDay)) + 29 * DAY_MS);
    expect(ran(await sweeper().run({ orgId: 'acme' })).plan.deleteArtifacts).toEqual([]);
    expect(await exists(onTheDay)).toBe(true);

    clock = new Date((await updatedAt(onTheDay)) + 30 * DAY_MS);
    const result = ran(await sweeper().run({ orgId: 'acme' }));
    expect(result.plan.deleteArtifacts).toContain(onTheDay);
    expect(await exists(onTheDay)).toBe(false);

    clock = new Date((await updatedAt(dayAfter)) + 31 * DAY_MS);
    ran(await sweeper().run({ orgId: 'acme' }));
    expect(await exists(dayAfter)).toBe(false);
    expect(await exists(forever)).toBe(true); // shared: null = forever

    const events = await server.store.db.query<{ actor_id: string; artifact_id: string; version: number | null; details: { rule: string } }>(
      "select actor_id, artifact_id, version, details from audit_events where action = 'retention-deleted' and artifact_id = any($1::text[]) order by seq",
      [[onTheDay, dayAfter]],
    );
    expect(events.map((e) => [e.actor_id, e.artifact_id, e.version, e.details.rule])).toEqual([
      ['system', onTheDay, null, 'retentionDays.private'],
      ['system', dayAfter, null, 'retentionDays.private'],
    ]);
  });

  it('never deletes an artifact on legal hold, nor any of its versions, and does once the hold is released', async () => {
    await setPolicy({ retentionDays: { private: 1, shared: 1 }, keepVersions: 1 });
    const held = await create('held', 'org');
    for (let i = 0; i < 3; i++) await publishChange(held, `held v${i + 1}`);
    expect((await api(server.url, 'PUT', `/api/artifacts/${held}/legal-hold`, { hold: true }, 'adam')).status).toBe(200);
    clock = new Date((await updatedAt(held)) + 365 * DAY_MS);
    const result = ran(await sweeper().run({ orgId: 'acme' }));
    expect(result.plan.deleteArtifacts).not.toContain(held);
    expect(result.plan.deleteVersions.filter((v) => v.artifactId === held)).toEqual([]);
    expect((await api<{ versions: unknown[] }>(server.url, 'GET', `/api/artifacts/${held}/versions`, undefined, 'alice')).body.versions).toHaveLength(3);

    await api(server.url, 'PUT', `/api/artifacts/${held}/legal-hold`, { hold: false }, 'adam');
    ran(await sweeper().run({ orgId: 'acme' }));
    expect(await exists(held)).toBe(false);
  });

  it('keeps the newest N versions on demand through the admin API, and unpins a deleted pinned version', async () => {
    await setPolicy({ retentionDays: { private: null, shared: null }, keepVersions: 2 });
    const id = await create('versions', 'org');
    for (let i = 0; i < 5; i++) await publishChange(id, `v${i + 1}`);
    expect((await api(server.url, 'PUT', `/api/artifacts/${id}/settings`, { view: { mode: 'pinned', version: 1 } }, 'alice')).status).toBe(200);
    const reader = connectViewer(server.url, id, 'bob');
    expect(await new Promise<string>((resolve) => reader.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason)))).toBe('pinned');
    reader.close();

    const { status, body } = await api<SweepResult & { ran: true }>(server.url, 'POST', '/api/admin/retention/run', undefined, 'adam');
    expect(status).toBe(200);
    expect(body.plan.deleteVersions.filter((v) => v.artifactId === id)).toEqual([1, 2, 3].map((version) => ({ artifactId: id, version })));
    expect(body.deleted.versions).toBeGreaterThanOrEqual(3);
    expect(body.unpinned).toContain(id);

    const versions = (await api<{ versions: { version: number }[] }>(server.url, 'GET', `/api/artifacts/${id}/versions`, undefined, 'bob')).body.versions;
    expect(versions.map((v) => v.version)).toEqual([5, 4]);
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/settings`, undefined, 'bob')).body).toEqual({ view: { mode: 'live' } });
    // Readers see the live document again; the deleted versions answer 404.
    expect((await api(server.url, 'GET', `/api/artifacts/${id}`, undefined, 'bob')).status).toBe(200);
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/versions/1`, undefined, 'bob')).status).toBe(404);
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/diff?from=4&to=5`, undefined, 'bob')).status).toBe(200);
    // The next publish is number 6, not a reused 1.
    expect(await publishChange(id, 'v6')).toBe(6);
    const events = await server.store.db.query<{ version: number }>(
      "select version from audit_events where action = 'retention-deleted' and artifact_id = $1 order by seq",
      [id],
    );
    expect(events.map((e) => e.version)).toEqual([1, 2, 3]);
  });
});

describe('keep-last-N and restore', () => {
  it('never deletes the version that holds the live work a restore replaced', async () => {
    await setPolicy({ retentionDays: { private: null, shared: null }, keepVersions: 1 });
    const id = await create('first');
    await publishChange(id, 'published one');
    await publishChange(id, 'published two');
    await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.set', id: 's', text: 'unpublished work' }] }, 'alice');
    const restored = await api<{ version: number; preservedVersion: number }>(server.url, 'POST', `/api/artifacts/${id}/versions/1/restore`, undefined, 'alice');
    expect(restored.body).toMatchObject({ version: 4, preservedVersion: 3 });

    const { body } = await api<SweepResult & { ran: true }>(server.url, 'POST', '/api/admin/retention/run', undefined, 'adam');
    expect(body.plan.deleteVersions.filter((v) => v.artifactId === id).map((v) => v.version)).toEqual([1, 2]);
    const versions = (await api<{ versions: { version: number; kind: string }[] }>(server.url, 'GET', `/api/artifacts/${id}/versions`, undefined, 'alice')).body.versions;
    expect(versions.map((v) => [v.version, v.kind])).toEqual([[4, 'restored'], [3, 'before-restore']]);
    const kept = await api<{ sections: { text?: string }[] }>(server.url, 'GET', `/api/artifacts/${id}/versions/3`, undefined, 'alice');
    expect(kept.body.sections[0]?.text).toBe('unpublished work');
  });
});

describe('after a retention delete', () => {
  it('leaves no trace of the content in any table, in memory, or (after VACUUM FULL) in the data files outside the WAL', async () => {
    await setPolicy({ retentionDays: { private: 1, shared: 1 }, keepVersions: null });
    const marker = `zq-marker-${Math.random().toString(36).slice(2)}-qz`;
    const id = await create(`secret ${marker}`, 'org');
    await api(server.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'restricted', users: ['bob'] }, 'alice');
    await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: 's', text: ` again ${marker}` }] }, 'alice');
    expect((await api(server.url, 'POST', `/api/artifacts/${id}/versions`, {}, 'alice')).status).toBe(201);
    const viewer = connectViewer(server.url, id, 'alice');
    await viewer.synced;
    let closed = false;
    viewer.provider.on('close', () => (closed = true));

    // Positive controls: the search finds the marker while the artifact exists.
    expect(await tablesContaining(marker)).toEqual(expect.arrayContaining(['updates.data', 'versions.html', 'versions.json', 'versions.state']));
    await server.store.db.query('checkpoint');
    expect(filesContaining(dataDir, marker).length).toBeGreaterThan(0);

    clock = new Date((await updatedAt(id)) + 2 * DAY_MS);
    const result = ran(await sweeper().run({ orgId: 'acme' }));
    expect(result.plan.deleteArtifacts).toContain(id);

    await eventually(() => expect(closed).toBe(true), 5_000);
    expect(server.collab.hocuspocus.documents.has(id)).toBe(false);
    expect(await tablesContaining(marker)).toEqual([]);
    expect(await tablesContaining(id)).toEqual(['audit_events.artifact_id']); // metadata only: the event names the id
    for (const table of ['artifacts', 'updates', 'state', 'versions', 'shares']) {
      const column = table === 'artifacts' ? 'id' : 'artifact_id';
      expect(await server.store.db.query(`select 1 from ${table} where ${column} = $1`, [id])).toEqual([]);
    }
    // Deleted tuples stay in their pages until the table is rewritten; the WAL keeps the
    // original inserts until its segments are recycled (and recycling renames, it does not wipe).
    await server.store.db.query('vacuum full');
    await server.store.db.query('checkpoint');
    expect(filesContaining(dataDir, marker).filter((f) => !f.split(path.sep).includes('pg_wal'))).toEqual([]);
    viewer.close();
  });
});

describe('one sweeper at a time', () => {
  it('runs only one of two sweeps started at once; the other returns busy; the lock is released after', async () => {
    await setPolicy({ retentionDays: { private: 1, shared: null }, keepVersions: null });
    for (let i = 0; i < 5; i++) await create(`expiring ${i}`);
    clock = new Date(Date.now() + 10 * DAY_MS);
    const results = await Promise.all([sweeper().run({ orgId: 'acme' }), sweeper().run({ orgId: 'acme' })]);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(results.filter((r) => !r.ran)).toEqual([{ ran: false, reason: 'busy' }]);
    expect((results.find((r) => r.ran) as SweepResult & { ran: true }).deleted.artifacts).toBeGreaterThanOrEqual(5);
    expect(await server.store.db.query("select 1 from pg_locks where locktype = 'advisory'")).toEqual([]);
    expect(ran(await sweeper().run()).ran).toBe(true);
  });

  it('answers 409 retention_busy on the admin API while a sweep runs', async () => {
    await create('something to sweep');
    // A sweep that is slow to read the policy holds the lock meanwhile.
    const slowPolicies = { get: (orgId: string) => new Promise((resolve) => setTimeout(() => resolve(server.governance.policies.get(orgId)), 500)) };
    const slow = new RetentionSweeper({ store: server.store, retention: server.storage.retention, policies: slowPolicies as never, documents: server.collab.documents, logger: server.logger, now: () => clock });
    const running = slow.run();
    const { status, body } = await api<{ error: { code: string } }>(server.url, 'POST', '/api/admin/retention/run', undefined, 'adam');
    await running;
    expect([status, body.error.code]).toEqual([409, 'retention_busy']);
  });
});

/** `table.column` of every text, bytea, json(b) and text[] column in which `needle` occurs. */
async function tablesContaining(needle: string): Promise<string[]> {
  const columns = await server.store.db.query<{ table_name: string; column_name: string; data_type: string }>(
    `select table_name, column_name, data_type from information_schema.columns
     where table_schema = 'public' and data_type in ('text', 'character varying', 'bytea', 'jsonb', 'json', 'ARRAY')
     order by table_name, column_name`,
  );
  const found: string[] = [];
  for (const { table_name: table, column_name: column, data_type: type } of columns) {
    const test =
      type === 'bytea'
        ? `position(convert_to($1, 'UTF8') in "${column}") > 0`
        : type === 'ARRAY'
          ? `array_to_string("${column}", ' ') like '%' || $1 || '%'`
          : `"${column}"::text like '%' || $1 || '%'`;
    const rows = await server.store.db.query(`select 1 from "${table}" where ${test} limit 1`, [needle]);
    if (rows.length) found.push(`${table}.${column}`);
  }
  return found;
}

/** Files under `dir` whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle);
  const found: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, entry);
    if (!statSync(file).isFile()) continue;
    if (readFileSync(file).includes(bytes)) found.push(path.relative(dir, file));
  }
  return found;
}
