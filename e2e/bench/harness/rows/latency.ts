import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Inspector, summarizeProfile, type ProfileLine } from '../cdp.ts';
import type { Swarm } from '../clients/swarm-handle.ts';
import { YjsClient } from '../clients/yjs-client.ts';
import { logSectionOps } from '../fixtures.ts';
import { cpuMeter, rssBytesOf } from '../proc.ts';
import { median } from '../report-math.ts';
import type { Target } from '../target.ts';
import { wallNow } from '../../stats.ts';

export interface LatencyRow {
  server: string;
  viewers: number;
  editsPerS: number;
  repeats: number;
  /** Medians over the repeats of each repeat's p50/p99/max edit → viewer latency. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  deliveredPct: number;
  deliveriesPerS: number;
  /** Agent edit → sync status (Hocuspocus protocol only): on our server, the durable ack. */
  ackP50Ms?: number;
  serverCpuPct: number;
  clientCpuPct: number;
  /** The server's PostgreSQL (all its processes), on ours-pg. */
  databaseCpuPct?: number;
}

export interface CellResult {
  rows: LatencyRow[];
  ramp: LatencyRow[];
  /** Server RSS growth per connected viewer (idle, synced). */
  rssPerViewerKB: number;
  connectMs: number;
  /** Every real Yjs viewer ended with exactly the agent's edits (undefined: not checked). */
  converged: boolean | undefined;
  /** Viewer sockets the server closed during the cell, by "code reason" (wire and Yjs viewers). */
  drops: Record<string, number>;
  /** Our server: edits the agent sent, had acknowledged, and the stored document holds. */
  stored?: { sent: number; acknowledged: number; stored: number };
  profile?: { file: string; functions: ProfileLine[]; packages: ProfileLine[] };
}

export interface CellOptions {
  viewers: number;
  rates: number[];
  repeats: number;
  windowMs: number;
  /** Rates to climb (one step at a time, stopping at the first step that misses). */
  ramp?: { rates: number[]; repeats: number; p99LimitMs: number };
  /** Profile the server during one extra (unmeasured) pass at this rate. */
  profileRate?: number;
  resultsDir: string;
}

/**
 * One viewer count on one server: an agent (real Yjs editor) and `viewers` wire-level viewers
 * on a fresh document; each rate runs `repeats` windows and reports their medians.
 */
export async function latencyCell(target: Target, swarm: Swarm, options: CellOptions): Promise<CellResult> {
  const { server, spec } = target;
  const token = target.token;
  const documentName = await target.newDocument(`latency ${options.viewers}`, spec.needsArtifacts ? logSectionOps() : []);
  const agent = await YjsClient.connect({ url: server.wsUrl(documentName), protocol: spec.protocol, documentName, token });
  agent.logText(true);
  // RSS around the connects, each after a full GC so garbage does not count as connections.
  const settledRss = async () => {
    const inspector = await Inspector.connect(server.inspectorUrl);
    await inspector.heapUsedBytes();
    inspector.close();
    await sleep(100);
    return rssBytesOf(server.pid);
  };
  const rss0 = await settledRss();
  const connected = await swarm.connect({ url: server.wsUrl(documentName), protocol: spec.protocol, documentName, token, viewers: options.viewers, yjsViewers: 3, reconnect: false });
  if (connected.failed > 0) throw new Error(`${spec.name}: ${connected.failed} of ${options.viewers} viewers did not sync (${connected.firstError ?? 'no error'})`);
  const rssPerViewerKB = ((await settledRss()) - rss0) / options.viewers / 1024;
  // Open sockets get every renewed token, as a provider's do: our server closes them at expiry.
  const renewTokens = spec.needsArtifacts
    ? setInterval(() => {
        agent.sendToken(target.token);
        void swarm.renewToken(target.token).catch(() => undefined);
      }, 60_000)
    : undefined;
  let lastDrops: Record<string, number> = {};

  const measure = async (editsPerS: number, repeats: number): Promise<LatencyRow> => {
    const runs = [];
    for (let r = 0; r < repeats; r++) {
      const from = wallNow();
      await swarm.window(from, from + options.windowMs + 1_000);
      agent.ackMs.length = 0;
      const cpu = cpuMeter(() => server.pid, () => swarm.pid, server.database?.cpuSeconds);
      const { sent } = await agent.run(editsPerS, options.windowMs);
      const stats = await swarm.collect(sent, 10_000);
      lastDrops = stats.drops;
      runs.push({ ...stats, ...cpu.stop(), sent, ackP50Ms: median(agent.ackMs) });
    }
    const ack = median(runs.map((r) => r.ackP50Ms));
    return {
      server: spec.name,
      viewers: options.viewers,
      editsPerS,
      repeats,
      p50Ms: median(runs.map((r) => r.p50Ms)),
      p99Ms: median(runs.map((r) => r.p99Ms)),
      maxMs: median(runs.map((r) => r.maxMs)),
      deliveredPct: median(runs.map((r) => (100 * r.delivered) / Math.max(1, r.expected))),
      deliveriesPerS: median(runs.map((r) => r.delivered / (options.windowMs / 1_000))),
      ...(Number.isNaN(ack) ? {} : { ackP50Ms: ack }),
      serverCpuPct: median(runs.map((r) => r.serverPct)),
      clientCpuPct: median(runs.map((r) => r.clientPct)),
      ...(server.database ? { databaseCpuPct: median(runs.map((r) => r.databasePct ?? Number.NaN)) } : {}),
    };
  };

  try {
    // Unmeasured: JIT warm-up of every code path on both sides.
    await agent.run(options.rates[0] ?? 20, 500);
    await sleep(200);
    const rows: LatencyRow[] = [];
    for (const rate of options.rates) rows.push(await measure(rate, options.repeats));
    let profile: CellResult['profile'];
    if (options.profileRate !== undefined) profile = await profilePass(target, options.resultsDir, `${spec.name}-${options.viewers}x${options.profileRate}`, () => agent.run(options.profileRate as number, options.windowMs));
    const ramp: LatencyRow[] = [];
    for (const rate of options.ramp?.rates ?? []) {
      const row = await measure(rate, options.ramp!.repeats);
      ramp.push(row);
      // Sustained = p99 under the limit with (almost) every edit delivered to every viewer.
      if (!(row.p99Ms < options.ramp!.p99LimitMs) || row.deliveredPct < 99) break;
    }
    // The relay keeps no document: late joiners cannot converge there, so it is not checked.
    // After an overloaded ramp step a server may still be working off its backlog: wait for the
    // real Yjs viewers to catch up (up to 30 s) rather than judge them mid-flight.
    let converged: boolean | undefined;
    const drops = { ...lastDrops };
    if (spec.hasDocument) {
      const until = performance.now() + 30_000;
      let markers: Awaited<ReturnType<Swarm['markers']>>;
      do {
        await sleep(250);
        markers = await swarm.markers();
        converged = markers.counts.every((c) => c === agent.markerCount());
      } while (!converged && performance.now() < until);
      for (const reason of markers.dropped) drops[`Yjs viewer: ${reason}`] = (drops[`Yjs viewer: ${reason}`] ?? 0) + 1;
    }
    // Nothing acknowledged may be missing from what the server stored.
    const stored = target.storedMarkers ? { sent: agent.markerCount(), acknowledged: agent.acknowledged, stored: await target.storedMarkers(documentName) } : undefined;
    return { rows, ramp, rssPerViewerKB, connectMs: connected.connectMs, converged, drops, ...(stored ? { stored } : {}), ...(profile ? { profile } : {}) };
  } finally {
    clearInterval(renewTokens);
    await swarm.closeViewers();
    agent.close();
  }
}

async function profilePass(target: Target, resultsDir: string, name: string, run: () => Promise<unknown>): Promise<CellResult['profile']> {
  const inspector = await Inspector.connect(target.server.inspectorUrl);
  try {
    return await profiled(inspector, resultsDir, name, run);
  } finally {
    inspector.close();
  }
}

/** Runs `run` under the server's CPU profiler; writes the .cpuprofile and returns its summary. */
export async function profiled(inspector: Inspector, resultsDir: string, name: string, run: () => Promise<unknown>): Promise<NonNullable<CellResult['profile']>> {
  await inspector.startProfile();
  await run();
  await sleep(200);
  const profile = await inspector.stopProfile();
  const file = path.join(resultsDir, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return { file: path.relative(process.cwd(), file), ...summarizeProfile(profile) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
