import { connectViewer } from '../../server/test-server.ts';
import { artifactToJSON } from '#shared';
import { startServerProcess } from '../support/server-process.ts';
import { callApi, obtainToken } from './harness/clients/our-api.ts';
import { round, summary, wallNow, writeResult } from './stats.ts';

/**
 * How many op batches per second one agent gets durably acknowledged while `viewers` socket
 * viewers are connected and receiving every update. `inFlight` requests are kept open at once
 * (an agent pipelining its batches); each batch is one op.
 */
export async function benchThroughput(options: { viewers?: number; seconds?: number; inFlight?: number[] } = {}): Promise<Record<string, unknown>> {
  const viewerCount = options.viewers ?? 20;
  const seconds = options.seconds ?? 8;
  const server = await startServerProcess();
  const rows: Record<string, unknown>[] = [];
  try {
    const { token } = await obtainToken(server.url);
    for (const inFlight of options.inFlight ?? [1, 8, 32]) {
      const post = (route: string, body: unknown) => callApi<{ id: string }>(server.url, token, 'POST', route, body);
      const { id } = await post('/api/artifacts', { title: `Throughput ${inFlight}` });
      await post(`/api/artifacts/${id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'c', type: 'chart', chart: 'line' } }] });
      const viewers = Array.from({ length: viewerCount }, () => connectViewer(server.url, id, token));
      await Promise.all(viewers.map((v) => v.synced));

      let sent = 0;
      const ackMs: number[] = [];
      const deadline = wallNow() + seconds * 1_000;
      const started = wallNow();
      const worker = async () => {
        while (wallNow() < deadline) {
          const n = sent++;
          const t0 = wallNow();
          await post(`/api/artifacts/${id}/ops`, { ops: [{ op: 'chart.append', id: 'c', series: 's', points: [[n, n % 100]] }] });
          ackMs.push(wallNow() - t0);
        }
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
      const elapsedS = (wallNow() - started) / 1_000;
      // Every viewer must end up with every acknowledged point.
      const pointsOf = (v: (typeof viewers)[number]) => {
        const chart = artifactToJSON(v.doc, id).sections[0];
        return chart?.type === 'chart' ? (chart.series[0]?.points.length ?? 0) : 0;
      };
      const settleDeadline = Date.now() + 10_000;
      while (viewers.some((v) => pointsOf(v) < ackMs.length) && Date.now() < settleDeadline) await new Promise((r) => setTimeout(r, 20));
      const complete = viewers.filter((v) => pointsOf(v) >= ackMs.length).length;
      rows.push({ viewers: viewerCount, inFlight, batches: ackMs.length, batchesPerSecond: round(ackMs.length / elapsedS), ackMs: summary(ackMs), viewersComplete: complete });
      for (const v of viewers) v.close();
    }
    const result = { rows };
    await writeResult('throughput', result);
    return result;
  } finally {
    await server.dispose();
  }
}
