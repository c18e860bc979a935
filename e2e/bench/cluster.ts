import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startCluster, type ClusterProcesses, type RunningCluster } from '../support/cluster.ts';
import { callApi, createArtifact } from './harness/clients/our-api.ts';
import { Swarm } from './harness/clients/swarm-handle.ts';
import type { LatencyStats } from './harness/clients/swarm-protocol.ts';
import { countMarkers, marker } from './harness/clients/wire.ts';
import { LOG_SECTION, logSectionOps } from './harness/fixtures.ts';
import { cpuSecondsOf, treeCpuSeconds } from './harness/proc.ts';
import { median, round } from './harness/report-math.ts';
import { renderClusterMarkdown } from './cluster-report.ts';
import { percentile, wallNow } from './stats.ts';

export { renderClusterMarkdown };

/**
 * `npm run bench -- --only=cluster`: several instances behind nginx, on one PostgreSQL (fsync
 * on) and one Redis, against one instance alone. Viewers connect to `ws://<nginx>/collab`
 * without naming the document, so nginx spreads them over every instance (it hashes on the request id when no artifact is named), and all
 * watch ONE artifact while an agent posts op batches through nginx at a fixed rate. Each batch
 * carries its send time, so every viewer's receipt gives one delivery latency, whichever
 * instance it is on: the instance that committed the batch broadcasts it to its own sockets
 * and publishes it to Redis for the others.
 *
 * What it shows on a small machine is mostly which process saturates first, hence the CPU of
 * every process over the measured window, and what the Redis fan-out costs: the same single
 * instance with and without Redis, and what went through Redis per second.
 */

export interface ClusterBenchOptions {
  mode: 'quick' | 'full' | 'smoke';
  /** Which clusters to start (default: all of CLUSTER_SETUPS). */
  setups?: readonly ClusterSetup[];
  viewers: number[];
  /** Op batches per second the agent posts (open loop: on schedule, not after the answer). */
  editsPerS: number;
  windowMs: number;
  repeats: number;
  /** Where JSON and markdown go; undefined = write nothing. */
  resultsDir?: string;
}

const RESULTS_DIR = path.resolve(import.meta.dirname, 'results');

export interface ClusterSetup {
  label: string;
  size: number;
  redis: boolean;
}

/** One instance without Redis is the baseline: what the fan-out through Redis is compared with. */
export const CLUSTER_SETUPS: readonly ClusterSetup[] = [
  { label: '1 instance, no Redis', size: 1, redis: false },
  { label: '1 instance + Redis', size: 1, redis: true },
  { label: '2 instances + Redis', size: 2, redis: true },
  { label: '3 instances + Redis', size: 3, redis: true },
];

export const CLUSTER_QUICK: ClusterBenchOptions = { mode: 'quick', viewers: [200, 1_000], editsPerS: 20, windowMs: 3_000, repeats: 1, resultsDir: RESULTS_DIR };
export const CLUSTER_FULL: ClusterBenchOptions = { mode: 'full', viewers: [1_000, 5_000], editsPerS: 20, windowMs: 10_000, repeats: 3, resultsDir: RESULTS_DIR };
/** The test's run: the baseline and two instances, a few viewers, nothing written. */
export const CLUSTER_SMOKE: ClusterBenchOptions = { mode: 'smoke', setups: [CLUSTER_SETUPS[0]!, CLUSTER_SETUPS[2]!], viewers: [20], editsPerS: 20, windowMs: 1_000, repeats: 1 };


/** At most this many op batches open at once; a batch due while they are all open is skipped. */
export const MAX_IN_FLIGHT = 64;

export interface ClusterRow {
  setup: string;
  instances: number;
  redis: boolean;
  viewers: number;
  editsPerS: number;
  repeats: number;
  /** Viewer sockets each instance holds (established TCP connections from nginx, after connect). */
  viewersPerInstance: number[];
  connectMs: number;
  /** Medians over the repeats. */
  sentPerS: number;
  /** Batches the agent had to skip (all MAX_IN_FLIGHT open) or that failed. */
  skipped: number;
  failed: number;
  ackP50Ms: number;
  ackP99Ms: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  deliveredPct: number;
  deliveriesPerS: number;
  /** % of one core over the sending window (first batch sent → last batch answered). */
  cpu: { instances: number[]; nginx: number; redis?: number; postgres: number; swarm: number; agent: number };
  /** What went through Redis per second over the same window. */
  redisPerS?: { publishes: number; commands: number; inKB: number; outKB: number };
  /** The same viewers connected and no edits, for as long as one window (the background). */
  atRest: { instancesCpuPct: number; redisCpuPct?: number; redisPublishesPerS?: number };
  /**
   * After the windows: batches acknowledged, edit markers in the stored document (read over
   * HTTP through nginx), and whether every real Yjs viewer (one per instance by count, placed
   * by nginx like the others) ended with exactly the stored ones.
   */
  convergence: { acknowledged: number; stored: number; yjsViewers: number; converged: boolean };
  drops: Record<string, number>;
}

export interface ClusterReport {
  at: string;
  mode: ClusterBenchOptions['mode'];
  durationS: number;
  machine: { cores: number; cpu: string; memoryGiB: number; node: string; loadAverage: number[] };
  settings: Omit<ClusterBenchOptions, 'resultsDir' | 'setups'>;
  rows: ClusterRow[];
  errors: { setup: string; viewers?: number; message: string }[];
}

export async function benchCluster(options: ClusterBenchOptions, log: (line: string) => void = () => {}): Promise<ClusterReport & { markdown: string }> {
  const started = performance.now();
  const report: ClusterReport = {
    at: new Date().toISOString(),
    mode: options.mode,
    durationS: 0,
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverage: os.loadavg().map((x) => round(x, 2)) },
    settings: { mode: options.mode, viewers: options.viewers, editsPerS: options.editsPerS, windowMs: options.windowMs, repeats: options.repeats },
    rows: [],
    errors: [],
  };
  const swarm = Swarm.start();
  try {
    for (const setup of options.setups ?? CLUSTER_SETUPS) {
      log(`${setup.label}: starting`);
      let cluster: RunningCluster;
      try {
        cluster = await startCluster({
          size: setup.size,
          redis: setup.redis,
          postgresFast: false,
          // Every viewer comes through nginx from 127.0.0.1: past the per-address cap otherwise.
          env: { MAX_SOCKETS_PER_ADDRESS: '20000' },
        });
      } catch (error) {
        report.errors.push({ setup: setup.label, message: messageOf(error) });
        continue;
      }
      try {
        for (const viewers of options.viewers) {
          const t0 = performance.now();
          try {
            report.rows.push(await measure(cluster, swarm, setup, viewers, options));
          } catch (error) {
            report.errors.push({ setup: setup.label, viewers, message: messageOf(error) });
          } finally {
            await swarm.closeViewers().catch(() => undefined);
          }
          log(`${setup.label}: ${viewers} viewers (${((performance.now() - t0) / 1_000).toFixed(1)} s)`);
        }
      } finally {
        await cluster.stop();
      }
    }
  } finally {
    await swarm.stop();
  }
  report.durationS = Math.round((performance.now() - started) / 1_000);
  const markdown = renderClusterMarkdown(report);
  if (options.resultsDir) {
    mkdirSync(options.resultsDir, { recursive: true });
    const stamp = report.at.replace(/[:.]/g, '-');
    for (const name of [`cluster-${options.mode}-${stamp}`, `cluster-${options.mode}`]) {
      writeFileSync(path.join(options.resultsDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(path.join(options.resultsDir, `${name}.md`), markdown);
    }
  }
  return { ...report, markdown };
}

/** One viewer count on one running cluster: a fresh artifact, the viewers, then the windows. */
async function measure(cluster: RunningCluster, swarm: Swarm, setup: ClusterSetup, viewers: number, options: ClusterBenchOptions): Promise<ClusterRow> {
  let token = await cluster.token();
  const id = await createArtifact(cluster.url, token, `cluster ${setup.label} ${viewers}`, logSectionOps());
  const wsUrl = `${cluster.url.replace(/^http/, 'ws')}/collab`;
  const connected = await swarm.connect({ url: wsUrl, protocol: 'hocuspocus', documentName: id, token, viewers, yjsViewers: setup.size, reconnect: false });
  if (connected.failed > 0) throw new Error(`${connected.failed} of ${viewers} viewers did not sync (${connected.firstError ?? 'no error'})`);
  const viewersPerInstance = cluster.instances.map((i) => establishedTo(i.port));
  // Access tokens live 5 minutes: open sockets get a fresh one every minute, as a provider's do.
  const renew = setInterval(() => {
    cluster.token().then(
      (fresh) => {
        token = fresh;
        return swarm.renewToken(fresh);
      },
      () => undefined,
    );
  }, 60_000);
  try {
    // Unmeasured: warms up every instance's code paths (and the agent's connection to nginx).
    let acknowledged = (await postAtRate(cluster.url, () => token, id, options.editsPerS, 1_000)).ackMs.length;
    await sleep(500);
    const atRest = await rest(cluster, swarm, options.windowMs);
    const runs: Run[] = [];
    let drops: Record<string, number> = {};
    for (let r = 0; r < options.repeats; r++) {
      const from = wallNow();
      await swarm.window(from, from + options.windowMs + 1_000);
      const redis0 = cluster.redisUrl ? await redisCounters(cluster.redisUrl) : undefined;
      const cpu = processMeter(cluster.processes(), swarm.pid);
      const agent = await postAtRate(cluster.url, () => token, id, options.editsPerS, options.windowMs);
      acknowledged += agent.ackMs.length;
      // CPU and Redis over the sending window (until the last batch was answered): the steady
      // state at this rate, not padded with the wait for the last deliveries below.
      const share = cpu.stop();
      const redis1 = cluster.redisUrl ? await redisCounters(cluster.redisUrl) : undefined;
      // Deliveries through Redis come in bursts on a loaded machine: a longer quiet spell
      // before giving up than the harness's single server needs.
      const stats = await swarm.collect(agent.sent, 20_000, 5_000);
      drops = stats.drops;
      const redisPerS =
        redis0 && redis1
          ? {
              publishes: (redis1.publishes - redis0.publishes) / share.wallS,
              commands: (redis1.commands - redis0.commands) / share.wallS,
              inKB: (redis1.inBytes - redis0.inBytes) / 1024 / share.wallS,
              outKB: (redis1.outBytes - redis0.outBytes) / 1024 / share.wallS,
            }
          : undefined;
      runs.push({ agent, stats, share, redisPerS });
    }
    const convergence = await converge(cluster.url, token, id, swarm, acknowledged);
    const med = (f: (run: (typeof runs)[number]) => number) => median(runs.map(f));
    const first = runs[0]!;
    return {
      setup: setup.label,
      instances: setup.size,
      redis: setup.redis,
      viewers,
      editsPerS: options.editsPerS,
      repeats: options.repeats,
      viewersPerInstance,
      connectMs: connected.connectMs,
      sentPerS: med((r) => r.agent.sent / (options.windowMs / 1_000)),
      skipped: Math.max(...runs.map((r) => r.agent.skipped)),
      failed: Math.max(...runs.map((r) => r.agent.failed)),
      ackP50Ms: med((r) => percentile(r.agent.ackMs, 50)),
      ackP99Ms: med((r) => percentile(r.agent.ackMs, 99)),
      p50Ms: med((r) => r.stats.p50Ms),
      p99Ms: med((r) => r.stats.p99Ms),
      maxMs: med((r) => r.stats.maxMs),
      deliveredPct: med((r) => (100 * r.stats.delivered) / Math.max(1, r.stats.expected)),
      deliveriesPerS: med((r) => r.stats.delivered / (options.windowMs / 1_000)),
      cpu: {
        instances: first.share.instances.map((_, i) => med((r) => r.share.instances[i] ?? Number.NaN)),
        nginx: med((r) => r.share.nginx),
        ...(setup.redis ? { redis: med((r) => r.share.redis ?? Number.NaN) } : {}),
        postgres: med((r) => r.share.postgres),
        swarm: med((r) => r.share.swarm),
        agent: med((r) => r.share.agent),
      },
      ...(first.redisPerS
        ? {
            redisPerS: {
              publishes: med((r) => r.redisPerS!.publishes),
              commands: med((r) => r.redisPerS!.commands),
              inKB: med((r) => r.redisPerS!.inKB),
              outKB: med((r) => r.redisPerS!.outKB),
            },
          }
        : {}),
      atRest,
      convergence,
      drops,
    };
  } finally {
    clearInterval(renew);
  }
}

/** CPU and Redis traffic over `ms` with the viewers connected and nothing edited. */
async function rest(cluster: RunningCluster, swarm: Swarm, ms: number): Promise<ClusterRow['atRest']> {
  const redis0 = cluster.redisUrl ? await redisCounters(cluster.redisUrl) : undefined;
  const cpu = processMeter(cluster.processes(), swarm.pid);
  await sleep(ms);
  const share = cpu.stop();
  const redis1 = cluster.redisUrl ? await redisCounters(cluster.redisUrl) : undefined;
  return {
    instancesCpuPct: share.instances.reduce((a, b) => a + b, 0),
    ...(share.redis === undefined ? {} : { redisCpuPct: share.redis }),
    ...(redis0 && redis1 ? { redisPublishesPerS: (redis1.publishes - redis0.publishes) / share.wallS } : {}),
  };
}

/** Waits (up to 15 s) for every real Yjs viewer to hold exactly the stored edits. */
async function converge(baseUrl: string, token: string, id: string, swarm: Swarm, acknowledged: number): Promise<ClusterRow['convergence']> {
  const live = await callApi<{ sections: { id: string; text?: string }[] }>(baseUrl, token, 'GET', `/api/artifacts/${id}`);
  const stored = countMarkers(live.sections.find((s) => s.id === LOG_SECTION)?.text);
  const until = performance.now() + 15_000;
  let counts: number[];
  do {
    counts = (await swarm.markers()).counts;
    if (counts.every((c) => c === stored)) break;
    await sleep(250);
  } while (performance.now() < until);
  return { acknowledged, stored, yjsViewers: counts.length, converged: counts.length > 0 && counts.every((c) => c === stored) };
}

interface Run {
  agent: Awaited<ReturnType<typeof postAtRate>>;
  stats: LatencyStats;
  share: CpuShares;
  redisPerS: ClusterRow['redisPerS'];
}

type CpuShares = ReturnType<ReturnType<typeof processMeter>['stop']>;

/**
 * The agent: one `text.append` batch every 1/rate s through nginx, each carrying its send time,
 * sent on schedule whether or not the previous ones were answered (an open loop: a slow cluster
 * shows as latency, not as a lower rate), with at most MAX_IN_FLIGHT open.
 */
async function postAtRate(baseUrl: string, token: () => string, id: string, editsPerS: number, windowMs: number) {
  const interval = 1_000 / editsPerS;
  const start = wallNow();
  const open = new Set<Promise<void>>();
  const ackMs: number[] = [];
  let sent = 0;
  let skipped = 0;
  let failed = 0;
  let firstError: string | undefined;
  for (let i = 0; ; i++) {
    const due = start + i * interval;
    if (due >= start + windowMs) break;
    const wait = due - wallNow();
    if (wait > 0) await sleep(wait);
    if (open.size >= MAX_IN_FLIGHT) {
      skipped++;
      continue;
    }
    const t0 = wallNow();
    sent++;
    const request = callApi(baseUrl, token(), 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: LOG_SECTION, text: `${marker(t0)}\n` }] }).then(
      () => void ackMs.push(wallNow() - t0),
      (error: unknown) => {
        failed++;
        firstError ??= messageOf(error);
      },
    );
    open.add(request);
    void request.finally(() => open.delete(request));
  }
  await Promise.all(open);
  if (failed > 0 && failed === sent) throw new Error(`every op batch failed: ${firstError}`);
  return { sent, skipped, failed, ackMs };
}

/** CPU of every process of the cluster, of the viewer swarm and of this (agent) process. */
function processMeter(pids: ClusterProcesses, swarmPid: number | undefined) {
  const read = () => ({
    instances: pids.instances.map(cpuSecondsOf),
    nginx: treeCpuSeconds(pids.nginx),
    redis: pids.redis === undefined ? Number.NaN : cpuSecondsOf(pids.redis),
    postgres: treeCpuSeconds(pids.postgres),
    swarm: swarmPid === undefined ? Number.NaN : cpuSecondsOf(swarmPid),
    agent: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  });
  const t0 = performance.now();
  const before = read();
  return {
    stop() {
      const after = read();
      const wallS = (performance.now() - t0) / 1_000;
      const pct = (a: number, b: number) => Math.round(((a - b) / wallS) * 100);
      return {
        wallS,
        instances: after.instances.map((a, i) => pct(a, before.instances[i] as number)),
        nginx: pct(after.nginx, before.nginx),
        redis: pids.redis === undefined ? undefined : pct(after.redis, before.redis),
        postgres: pct(after.postgres, before.postgres),
        swarm: pct(after.swarm, before.swarm),
        agent: pct(after.agent, before.agent),
      };
    },
  };
}

const run = promisify(execFile);

/** Redis's own counters: PUBLISH calls (the fan-out), all commands, bytes in and out. */
async function redisCounters(url: string): Promise<{ publishes: number; commands: number; inBytes: number; outBytes: number }> {
  const { stdout } = await run('redis-cli', ['-u', url, 'INFO', 'everything']);
  const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(stdout)?.[1] ?? Number.NaN);
  const calls = (command: string) => Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(stdout)?.[1] ?? 0);
  return {
    publishes: calls('publish') + calls('spublish'),
    commands: field('total_commands_processed'),
    inBytes: field('total_net_input_bytes'),
    outBytes: field('total_net_output_bytes'),
  };
}

/** Established TCP connections whose local end is 127.0.0.1:`port` (sockets an instance holds). */
function establishedTo(port: number): number {
  let count = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let table: string;
    try {
      table = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of table.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      // State 01 = ESTABLISHED; the local address is hex ip:port.
      if (fields[3] === '01' && local && Number.parseInt(local.slice(local.indexOf(':') + 1), 16) === port) count++;
    }
  }
  return count;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
