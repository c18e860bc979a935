import { callApi } from '../clients/our-api.ts';
import type { Swarm } from '../clients/swarm-handle.ts';
import { cpuMeter } from '../proc.ts';
import { median } from '../report-math.ts';
import type { Target } from '../target.ts';
import { percentile, wallNow } from '../../stats.ts';

export interface DurableOpsRow {
  server: string;
  inFlight: number;
  viewers: number;
  repeats: number;
  /** Op batches (one op each) answered 200 (= committed) per second. */
  batchesPerS: number;
  ackP50Ms: number;
  ackP99Ms: number;
  serverCpuPct: number;
  clientCpuPct: number;
  /** The server's PostgreSQL (all its processes), on ours-pg. */
  databaseCpuPct?: number;
}

/**
 * One agent posting one-op batches with `inFlight` requests open at once, while `viewers`
 * wire viewers receive every change. Only our server has an op API and durable acknowledgement.
 */
export async function durableOpsRow(target: Target, swarm: Swarm, options: { inFlight: number; viewers: number; seconds: number; repeats: number }): Promise<DurableOpsRow> {
  const { server, spec, token } = target;
  const id = await target.newDocument(`throughput ${options.inFlight}`, [[{ op: 'section.upsert', section: { id: 'c', type: 'chart', chart: 'line' } }]]);
  await swarm.connect({ url: server.wsUrl(id), protocol: spec.protocol, documentName: id, token, viewers: options.viewers, yjsViewers: 0, reconnect: false });
  const runs = [];
  try {
    let n = 0;
    for (let r = 0; r < options.repeats; r++) {
      const ackMs: number[] = [];
      const cpu = cpuMeter(() => server.pid, () => swarm.pid, server.database?.cpuSeconds);
      const started = wallNow();
      const deadline = started + options.seconds * 1_000;
      const worker = async () => {
        while (wallNow() < deadline) {
          const point = n++;
          const t0 = wallNow();
          await callApi(server.url, token, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'chart.append', id: 'c', series: 's', points: [[point, point % 100]] }] });
          ackMs.push(wallNow() - t0);
        }
      };
      await Promise.all(Array.from({ length: options.inFlight }, worker));
      const elapsedS = (wallNow() - started) / 1_000;
      runs.push({ batchesPerS: ackMs.length / elapsedS, p50: percentile(ackMs, 50), p99: percentile(ackMs, 99), ...cpu.stop() });
    }
  } finally {
    await swarm.closeViewers();
  }
  return {
    server: spec.name,
    inFlight: options.inFlight,
    viewers: options.viewers,
    repeats: options.repeats,
    batchesPerS: median(runs.map((r) => r.batchesPerS)),
    ackP50Ms: median(runs.map((r) => r.p50)),
    ackP99Ms: median(runs.map((r) => r.p99)),
    serverCpuPct: median(runs.map((r) => r.serverPct)),
    clientCpuPct: median(runs.map((r) => r.clientPct)),
    ...(server.database ? { databaseCpuPct: median(runs.map((r) => r.databasePct ?? Number.NaN)) } : {}),
  };
}
