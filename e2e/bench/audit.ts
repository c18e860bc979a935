import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import type { AuditEventInput } from '../../server/audit/index.ts';
import { openStorage, UpdateLog, type LogEntry } from '../../server/store/index.ts';
import { api, startTestServer } from '../../server/test-server.ts';
import { round, summary, writeResult } from './stats.ts';

/**
 * What the audit trail costs an op batch. Store level (PGlite, in process): the same small Yjs
 * update appended with and without its 'edited' event, one batch at a time (every batch pays
 * a whole transaction) and 32 in flight (group commit: a commit's events share one head lock
 * and one insert per org). End to end: op batches over HTTP, which always audit. Plus the time
 * to verify the chain that the runs wrote.
 */
export async function benchAudit(batches = 2_000): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'la-bench-audit-'));
  const storage = await openStorage({ dataDir });
  const store = storage.artifacts;
  try {
    const ids = ['bench-a', 'bench-b'];
    for (const id of ids) await store.createArtifact({ id, title: id, kind: 'document', ownerId: 'agent', orgId: 'bench' });
    const updates = textUpdates(batches);
    const event = (artifactId: string): AuditEventInput => ({ orgId: 'bench', actorId: 'agent', actorName: 'Agent', action: 'edited', artifactId, clientAddress: '127.0.0.1', details: { ops: 1 } });
    const entry = (i: number, audited: boolean): LogEntry => {
      const artifactId = audited ? 'bench-a' : 'bench-b';
      return { artifactId, data: updates[i] as Uint8Array, ...(audited ? { audit: event(artifactId) } : {}) };
    };

    const sequential = async (audited: boolean) => {
      const times: number[] = [];
      for (let i = 0; i < batches; i++) {
        const t0 = performance.now();
        await store.appendUpdates([entry(i, audited)]);
        times.push(performance.now() - t0);
      }
      return times;
    };
    const concurrent = async (audited: boolean, inFlight: number) => {
      const log = new UpdateLog(store);
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next < batches) await log.append(entry(next++, audited));
        }),
      );
      const ms = performance.now() - t0;
      return { batchesPerS: round((batches / ms) * 1_000), msPerBatch: round(ms / batches, 3), commits: log.stats.commits };
    };

    // Warm up both paths, then alternate so neither gets a cooler cache.
    await sequential(false);
    await sequential(true);
    const plain = await sequential(false);
    const audited = await sequential(true);
    const plainMedian = summary(plain).median;
    const auditedMedian = summary(audited).median;
    const rows = {
      sequential: {
        withoutAuditMs: summary(plain),
        withAuditMs: summary(audited),
        overheadMsPerBatch: round(auditedMedian - plainMedian, 3),
        overheadPercent: round(((auditedMedian - plainMedian) / plainMedian) * 100),
      },
      groupCommit32: { withoutAudit: await concurrent(false, 32), withAudit: await concurrent(true, 32) },
    };
    const t0 = performance.now();
    const verified = await storage.auditReader.verify('bench');
    const verify = { ...verified, ms: round(performance.now() - t0), eventsPerS: round((verified.events / (performance.now() - t0)) * 1_000) };

    const http = await httpBatches(Math.min(batches, 500));
    const result = { batches, store: rows, verify, http };
    await writeResult('audit', result);
    return result;
  } finally {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Sequential op batches through the real server (HTTP, auth, validation, audit, commit). */
async function httpBatches(n: number): Promise<Record<string, unknown>> {
  const server = await startTestServer();
  try {
    const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'bench' });
    await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'log', type: 'markdown' } }] });
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'text.append', id: 'log', text: `line ${i}\n` }] });
      times.push(performance.now() - t0);
    }
    return { opBatchMs: summary(times) };
  } finally {
    await server.dispose();
  }
}

/** Small realistic updates: one text append each, as a streaming agent sends them. */
function textUpdates(n: number): Uint8Array[] {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < n; i++) text.insert(text.length, `line ${i}\n`);
  return out;
}
