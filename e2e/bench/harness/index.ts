import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureOpToPaint, type OpToPaint } from '../op-to-paint.ts';
import { Swarm } from './clients/swarm-handle.ts';
import type { HarnessOptions } from './options.ts';
import { pin, rssBytesOf } from './proc.ts';
import { renderMarkdown } from './report.ts';
import { durableOpsRow, type DurableOpsRow } from './rows/durable-ops.ts';
import { latencyCell, profiled, type CellResult, type LatencyRow } from './rows/latency.ts';
import { documentRows, type DocumentRow } from './rows/memory.ts';
import { Inspector } from './cdp.ts';
import { reconnectRow, type ReconnectRow } from './rows/reconnect.ts';
import { SERVER_SPECS, type ServerName } from './servers/index.ts';
import { startTarget, type Target } from './target.ts';

export { DURABLE_OPS, FULL, QUICK, SMOKE, type HarnessOptions } from './options.ts';

export interface HarnessReport {
  at: string;
  mode: HarnessOptions['mode'];
  durationS: number;
  machine: { cores: number; cpu: string; memoryGiB: number; node: string; pinned: boolean };
  settings: Omit<HarnessOptions, 'resultsDir' | 'servers'>;
  servers: { name: ServerName; label: string; features: Record<string, string> }[];
  /** Each server right after it started (our server: after one token), before any socket. */
  idle: IdleRow[];
  latency: LatencyRow[];
  ramp: LatencyRow[];
  connections: { server: string; viewers: number; rssPerViewerKB: number; connectMs: number; converged?: boolean; drops: Record<string, number>; stored?: CellResult['stored'] }[];
  documents: DocumentRow[];
  reconnect: ReconnectRow[];
  durableOps: DurableOpsRow[];
  /** One row per server with an op API (ours and its variants). */
  paint: (OpToPaint & { server: string })[];
  profiles: (NonNullable<CellResult['profile']> & { cell: string })[];
  errors: { server: string; row: string; message: string }[];
}

/**
 * Runs every server of `options` one after the other through the same rows, with one viewer
 * swarm process, and returns (and, with a results directory, writes) the report.
 */
export async function runHarness(options: HarnessOptions, log: (line: string) => void = () => {}): Promise<HarnessReport & { markdown: string }> {
  const started = performance.now();
  if (options.pin) pin(process.pid, '0');
  const resultsDir = options.resultsDir ?? mkdtempSync(path.join(os.tmpdir(), 'la-bench-results-'));
  mkdirSync(resultsDir, { recursive: true });
  const seedDir = mkdtempSync(path.join(os.tmpdir(), 'la-bench-seed-'));
  const swarm = Swarm.start(options.pin ? '0' : undefined);
  const report: HarnessReport = {
    at: new Date().toISOString(),
    mode: options.mode,
    durationS: 0,
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, pinned: options.pin },
    settings: { ...options },
    servers: [],
    idle: [],
    latency: [],
    ramp: [],
    connections: [],
    documents: [],
    reconnect: [],
    durableOps: [],
    paint: [],
    profiles: [],
    errors: [],
  };
  delete (report.settings as Partial<HarnessOptions>).resultsDir;
  delete (report.settings as Partial<HarnessOptions>).servers;

  try {
    for (const name of options.servers) {
      const spec = SERVER_SPECS[name];
      log(`${name}: starting`);
      let target: Target;
      try {
        target = await startTarget(spec, { seedDir, ...(options.pin ? { core: '1' } : {}) });
      } catch (error) {
        report.errors.push({ server: name, row: 'start', message: messageOf(error) });
        continue;
      }
      report.servers.push({ name, label: spec.label, features: target.features });
      try {
        report.idle.push(await idleRow(target));
      } catch (error) {
        report.errors.push({ server: name, row: 'idle', message: messageOf(error) });
      }
      // One failing row is reported and the run goes on with the next.
      const attempt = async (row: string, run: () => Promise<void>) => {
        const t0 = performance.now();
        try {
          await run();
        } catch (error) {
          report.errors.push({ server: name, row, message: messageOf(error) });
        }
        log(`${name}: ${row} (${((performance.now() - t0) / 1_000).toFixed(1)} s)`);
      };
      try {
        const viewerCounts = [...options.grid.viewers];
        if (options.ramp && !viewerCounts.includes(options.ramp.viewers)) viewerCounts.push(options.ramp.viewers);
        for (const viewers of viewerCounts) {
          await attempt(`latency ${viewers} viewers`, async () => {
            const ramp = options.ramp?.viewers === viewers ? options.ramp : undefined;
            const profiled = name === 'ours' && options.profile?.viewers === viewers;
            const cell = await latencyCell(target, swarm, {
              viewers,
              rates: options.grid.viewers.includes(viewers) ? options.grid.editsPerS : [],
              repeats: options.grid.repeats,
              windowMs: options.grid.windowMs,
              ...(ramp ? { ramp: { rates: ramp.editsPerS, repeats: ramp.repeats, p99LimitMs: ramp.p99LimitMs } } : {}),
              ...(profiled ? { profileRate: options.profile!.editsPerS } : {}),
              resultsDir,
            });
            report.latency.push(...cell.rows);
            report.ramp.push(...cell.ramp);
            report.connections.push({
              server: name,
              viewers,
              rssPerViewerKB: cell.rssPerViewerKB,
              connectMs: cell.connectMs,
              ...(cell.converged === undefined ? {} : { converged: cell.converged }),
              drops: cell.drops,
              ...(cell.stored ? { stored: cell.stored } : {}),
            });
            if (cell.profile) report.profiles.push({ ...cell.profile, cell: `${viewers} viewers × ${options.profile!.editsPerS} edits/s` });
          });
        }
        if (options.documents && spec.hasDocument) {
          const { sections, repeats, profile } = options.documents;
          await attempt(`documents ${sections.join(', ')} sections`, async () => {
            const profileLoads =
              profile && name === 'ours'
                ? async (inspector: Inspector, run: () => Promise<void>) => {
                    report.profiles.push({ ...(await profiled(inspector, resultsDir, `${name}-cold-load`, run)), cell: `cold loads of ${sections.join(' and ')} sections` });
                  }
                : undefined;
            report.documents.push(...(await documentRows(target, sections, repeats, profileLoads)));
          });
        }
        if (options.reconnect) {
          await attempt('reconnect', async () => {
            report.reconnect.push(await reconnectRow(target, swarm, options.reconnect!.viewers, options.reconnect!.repeats));
          });
        }
        if (options.durableOps && spec.needsArtifacts) {
          for (const inFlight of options.durableOps.inFlight) {
            await attempt(`durable ops ×${inFlight}`, async () => {
              report.durableOps.push(await durableOpsRow(target, swarm, { ...options.durableOps!, inFlight }));
            });
          }
        }
        if (options.paintOps && spec.needsArtifacts) {
          await attempt('edit to paint (Chromium)', async () => {
            report.paint.push({ server: name, ...(await measureOpToPaint(target.server.url, target.server.pid, options.paintOps!)) });
          });
        }
      } finally {
        await target.server.dispose();
      }
    }
  } finally {
    await swarm.stop();
    rmSync(seedDir, { recursive: true, force: true });
    if (!options.resultsDir) rmSync(resultsDir, { recursive: true, force: true });
  }
  report.durationS = Math.round((performance.now() - started) / 1_000);
  const markdown = renderMarkdown(report);
  if (options.resultsDir) {
    const stamp = report.at.replace(/[:.]/g, '-');
    for (const name of [`harness-${options.mode}-${stamp}`, `harness-${options.mode}`]) {
      writeFileSync(path.join(resultsDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(path.join(resultsDir, `${name}.md`), markdown);
    }
  }
  return { ...report, markdown };
}

export interface IdleRow {
  server: string;
  /** Resident set of the server process after a full GC. */
  rssMB: number;
  heapMB: number;
  /** Its PostgreSQL's processes together (proportional set size: shared buffers once). */
  databasePssMB?: number;
}

async function idleRow(target: Target): Promise<IdleRow> {
  const { server } = target;
  const inspector = await Inspector.connect(server.inspectorUrl);
  try {
    const heap = await inspector.heapUsedBytes();
    await new Promise((r) => setTimeout(r, 100));
    return {
      server: target.spec.name,
      rssMB: rssBytesOf(server.pid) / 2 ** 20,
      heapMB: heap / 2 ** 20,
      ...(server.database ? { databasePssMB: server.database.pssBytes() / 2 ** 20 } : {}),
    };
  } finally {
    inspector.close();
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);
