import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_ORG_POLICY, type OrgPolicy, type Principal } from '#policies';
import { startTestServer } from '../../server/test-server.ts';
import { round, writeResult } from './stats.ts';

const ADMIN: Principal = { userId: 'bench-admin', name: 'Bench admin', orgId: 'acme', roles: ['org-admin'], groups: [] };

/**
 * The retention sweeper over `artifacts` artifacts with `versions` versions each (frozen HTML of
 * ~2 KB), in the real server and PGlite: one artifact in ten is past its retention days (deleted
 * whole) and the others keep their newest 5 versions. Prints the sweep's time, then a second
 * sweep with nothing left to do (planning alone).
 */
export async function benchRetention(artifacts = 10_000, versions = 10): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'la-bench-retention-'));
  const server = await startTestServer({ DATA_DIR: dataDir, RETENTION_SWEEP_INTERVAL_MS: '0' });
  try {
    const db = server.store.db;
    const seedStart = performance.now();
    await db.query(
      `insert into artifacts (id, title, kind, owner_id, org_id, visibility, updated_at)
       select 'bench' || lpad(i::text, 11, '0'), 'Artifact ' || i, 'document', 'alice', 'acme',
         case when i % 2 = 0 then 'private' else 'org' end,
         now() - case when i % 10 = 0 then interval '400 days' else interval '1 day' end
       from generate_series(1, $1::int) i`,
      [artifacts],
    );
    await db.query(
      `insert into versions (artifact_id, version, state, json, html, sha256, author_id, created_at)
       select a.id, v, decode(repeat('01', 256), 'hex'), '{"meta":{},"sections":[]}', convert_to(repeat('<p>frozen page</p>', 110), 'UTF8'), repeat('0', 64), 'alice', now()
       from artifacts a cross join generate_series(1, $1::int) v where a.id like 'bench%'`,
      [versions],
    );
    const seedMs = performance.now() - seedStart;
    const policy: OrgPolicy = { ...DEFAULT_ORG_POLICY, retentionDays: { private: 365, shared: 365 }, keepVersions: 5 };
    await server.governance.policies.put('acme', policy, ADMIN, null);

    const first = await server.governance.sweeper.run();
    const second = await server.governance.sweeper.run();
    if (!first.ran || !second.ran) throw new Error('the sweeper was busy');
    const auditRows = await db.query<{ n: string }>("select count(*) as n from audit_events where action = 'retention-deleted'");
    const result = {
      artifacts,
      versionsEach: versions,
      seedSeconds: round(seedMs / 1_000),
      policy,
      deleted: first.deleted,
      auditEvents: Number(auditRows[0]?.n ?? 0),
      sweepSeconds: round(first.durationMs / 1_000, 2),
      perArtifactSweptMs: round(first.durationMs / artifacts, 3),
      nothingLeftSweepMs: second.durationMs,
    };
    await writeResult('retention', result);
    return result;
  } finally {
    await server.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
