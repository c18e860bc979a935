import type { Swarm } from '../clients/swarm-handle.ts';
import { logSectionOps, mixedSectionBatches } from '../fixtures.ts';
import { cpuMeter } from '../proc.ts';
import { median } from '../report-math.ts';
import type { Target } from '../target.ts';
import { wallNow } from '../../stats.ts';

export interface ReconnectRow {
  server: string;
  viewers: number;
  repeats: number;
  /** Server listening again → every viewer has reconnected and received the document. */
  resyncMs: number;
  /** SIGTERM sent → every viewer resynced (includes shutdown and startup). */
  totalMs: number;
  /** SIGTERM → exited. */
  stopMs: number;
  /** Repeats in which the server did not exit within 5 s of SIGTERM and was killed. */
  forcedStops: number;
  /** Start of the new process → listening. */
  startMs: number;
  resynced: number;
  /** Permission denials during the reconnects (each retried), and the first error seen. */
  denials: number;
  firstError?: string;
  serverCpuPct: number;
  clientCpuPct: number;
  /** The server's PostgreSQL (all its processes), on ours-pg. */
  databaseCpuPct?: number;
}

/**
 * `viewers` viewers on a small document (a log section and 20 mixed sections); the server is
 * restarted (SIGTERM, SIGKILL after 5 s; same port and data) and the viewers reconnect with
 * 50–150 ms jitter.
 */
export async function reconnectRow(target: Target, swarm: Swarm, viewers: number, repeats: number): Promise<ReconnectRow> {
  const { server, spec, token } = target;
  const documentName = await target.newDocument('reconnect', [...logSectionOps(), ...mixedSectionBatches(20)]);
  const connected = await swarm.connect({ url: server.wsUrl(documentName), protocol: spec.protocol, documentName, token, viewers, yjsViewers: 0, reconnect: true });
  if (connected.failed > 0) throw new Error(`${spec.name}: ${connected.failed} viewers did not connect (${connected.firstError ?? ''})`);
  const runs = [];
  try {
    for (let r = 0; r < repeats; r++) {
      await swarm.expectResync();
      const t0 = wallNow();
      const { stopMs, forced, startMs } = await server.restart();
      const ready = wallNow();
      const cpu = cpuMeter(() => server.pid, () => swarm.pid, server.database?.cpuSeconds);
      const { resynced, lastAtMs, denials, firstError } = await swarm.awaitResync(30_000);
      runs.push({ resyncMs: lastAtMs - ready, totalMs: lastAtMs - t0, stopMs, forced, startMs, resynced, denials, firstError, ...cpu.stop() });
    }
  } finally {
    await swarm.closeViewers();
  }
  return {
    server: spec.name,
    viewers,
    repeats,
    resyncMs: median(runs.map((r) => r.resyncMs)),
    totalMs: median(runs.map((r) => r.totalMs)),
    stopMs: median(runs.map((r) => r.stopMs)),
    forcedStops: runs.filter((r) => r.forced).length,
    startMs: median(runs.map((r) => r.startMs)),
    resynced: Math.min(...runs.map((r) => r.resynced)),
    denials: Math.max(...runs.map((r) => r.denials)),
    ...(runs.find((r) => r.firstError) ? { firstError: runs.find((r) => r.firstError)!.firstError } : {}),
    serverCpuPct: median(runs.map((r) => r.serverPct)),
    clientCpuPct: median(runs.map((r) => r.clientPct)),
    ...(server.database ? { databaseCpuPct: median(runs.map((r) => r.databasePct ?? Number.NaN)) } : {}),
  };
}
