import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startPostgres as startTestPostgres } from '../../../support/postgres.ts';
import { startOtlpCollector, type OtlpCollector } from '../../../support/otlp-collector.ts';
import type { Protocol } from '../clients/wire.ts';
import { pin, processTree, treeCpuSeconds, treePssBytes } from '../proc.ts';

/** The repository root. */
export const ROOT = path.resolve(import.meta.dirname, '../../../..');

export type ServerName = 'relay' | 'y-websocket' | 'hocuspocus' | 'ours' | 'ours-pg' | 'ours-otel';
/** The servers a run measures unless `--servers=` names others. */
export const SERVER_NAMES: readonly ServerName[] = ['relay', 'y-websocket', 'hocuspocus', 'ours', 'ours-pg'];
/** Every server `--servers=` may name: the default ones and `ours-otel` (the cost of telemetry). */
export const ALL_SERVER_NAMES: readonly ServerName[] = [...SERVER_NAMES, 'ours-otel'];

export interface ServerSpec {
  name: ServerName;
  /** What it is, for the report. */
  label: string;
  protocol: Protocol;
  /** Entry file relative to the repository root. */
  entry: string;
  /** Holds a Yjs document (everything but the relay). */
  hasDocument: boolean;
  /** Our server needs artifacts made over HTTP; the others take any document name. */
  needsArtifacts: boolean;
  wsUrl(port: number, documentName: string): string;
  /** Runs with telemetry on, exporting OTLP/HTTP to a sink in the harness that discards it. */
  telemetry?: boolean;
  /** Stores in a PostgreSQL the harness starts for it (DATABASE_URL) instead of PGlite. */
  postgres?: boolean;
}

export const SERVER_SPECS: Readonly<Record<ServerName, ServerSpec>> = {
  relay: {
    name: 'relay',
    label: 'raw ws relay (the floor: forwards each frame to every other socket)',
    protocol: 'relay',
    entry: 'e2e/bench/harness/servers/relay-server.ts',
    hasDocument: false,
    needsArtifacts: false,
    wsUrl: (port, name) => `ws://127.0.0.1:${port}/${encodeURIComponent(name)}`,
  },
  'y-websocket': {
    name: 'y-websocket',
    label: '@y/websocket-server 0.1.1 (setupWSConnection, in memory)',
    protocol: 'y-websocket',
    entry: 'e2e/bench/harness/servers/y-websocket-server.ts',
    hasDocument: true,
    needsArtifacts: false,
    wsUrl: (port, name) => `ws://127.0.0.1:${port}/${encodeURIComponent(name)}`,
  },
  hocuspocus: {
    name: 'hocuspocus',
    label: 'plain @hocuspocus/server 4.7 (defaults, in memory, no auth)',
    protocol: 'hocuspocus',
    entry: 'e2e/bench/harness/servers/hocuspocus-server.ts',
    hasDocument: true,
    needsArtifacts: false,
    wsUrl: (port) => `ws://127.0.0.1:${port}/`,
  },
  ours: {
    name: 'ours',
    label: 'our server (server/main.ts: PGlite, durable acknowledgement, auth extension)',
    protocol: 'hocuspocus',
    entry: 'server/main.ts',
    hasDocument: true,
    needsArtifacts: true,
    wsUrl: (port) => `ws://127.0.0.1:${port}/collab`,
  },
  'ours-pg': {
    name: 'ours-pg',
    label: 'our server on PostgreSQL 15 (DATABASE_URL; a local cluster started by infra/postgres/start.sh with fsync and synchronous_commit on, as in production; same auth and durable acknowledgement)',
    protocol: 'hocuspocus',
    entry: 'server/main.ts',
    hasDocument: true,
    needsArtifacts: true,
    wsUrl: (port) => `ws://127.0.0.1:${port}/collab`,
    postgres: true,
  },
  'ours-otel': {
    name: 'ours-otel',
    label: 'our server with OpenTelemetry on (traces and metrics over OTLP/HTTP to a local sink that discards them)',
    protocol: 'hocuspocus',
    entry: 'server/main.ts',
    hasDocument: true,
    needsArtifacts: true,
    wsUrl: (port) => `ws://127.0.0.1:${port}/collab`,
    telemetry: true,
  },
};

/**
 * What `ours-otel` adds to the environment. Otherwise the SDK's defaults (OTLP/HTTP protobuf,
 * batched spans); spans go out every second and metrics every 5 s (not 5 s and 60 s), so a
 * measurement window of a few seconds includes the export work.
 */
function telemetryEnv(sinkUrl: string): Record<string, string> {
  return { OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl, OTEL_BSP_SCHEDULE_DELAY: '1000', OTEL_METRIC_EXPORT_INTERVAL: '5000' };
}

/** A database server of the server under test, running beside it (PostgreSQL's processes). */
export interface DatabaseProcesses {
  url: string;
  /** The postmaster; its backends are its children. */
  pid: number;
  /** CPU seconds of all its processes so far (backends that exited included). */
  cpuSeconds(): number;
  /** Proportional set size of all its processes (shared buffers counted once). */
  pssBytes(): number;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL of its own for one server under test, kept across the server's restarts. With
 * fsync on (POSTGRES_FAST unset): a commit waits for the disk, as in production. On `core`
 * (the server's core) with all its processes, so the server side has the same CPU as PGlite's
 * in-process database.
 */
async function startPostgres(core: string | undefined): Promise<DatabaseProcesses> {
  const started = await startTestPostgres({ fast: false });
  const dir = started.dir;
  const stop = () => started.dispose();
  try {
    const pid = Number(readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no postmaster pid in ${dir}/data/postmaster.pid`);
    // Backends forked later inherit the postmaster's affinity.
    if (core !== undefined) for (const p of processTree(pid)) pin(p, core);
    return { url: started.url, pid, cpuSeconds: () => treeCpuSeconds(pid), pssBytes: () => treePssBytes(pid), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface ServerProcessOptions {
  /** taskset core list for the server (e.g. "1"); undefined = not pinned. */
  core?: string;
  /** Where baselines find seeded documents (see seed.ts). */
  seedDir: string;
}

/**
 * One server under test as a child process of its own, so its CPU and RSS are measured apart
 * from the load generator. Every server runs with `--inspect` on a free port: the harness
 * reads heap sizes and takes CPU profiles through it. `restart()` keeps port and data.
 */
export class ServerProcess {
  port = 0;
  inspectorUrl = '';
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** The OTLP sink of a server with telemetry (kept across restarts). */
  private sink: OtlpCollector | undefined;
  /** The PostgreSQL of a server on PostgreSQL (kept across restarts: same database). */
  database: DatabaseProcesses | undefined;
  readonly dataDir: string;

  private constructor(
    readonly spec: ServerSpec,
    private readonly options: ServerProcessOptions,
  ) {
    this.dataDir = mkdtempSync(path.join(tmpdir(), `la-bench-${spec.name}-`));
  }

  static async start(spec: ServerSpec, options: ServerProcessOptions): Promise<ServerProcess> {
    const server = new ServerProcess(spec, options);
    try {
      await server.launch();
    } catch (error) {
      await server.dispose();
      throw error;
    }
    return server;
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  wsUrl(documentName: string): string {
    return this.spec.wsUrl(this.port, documentName);
  }

  /**
   * Stops (see `stop`), then runs the same command on the same port and data. `forced` says
   * the process did not exit within the grace period and was killed.
   */
  async restart(graceMs = 5_000): Promise<{ stopMs: number; forced: boolean; startMs: number }> {
    const t0 = performance.now();
    const forced = await this.stop(graceMs);
    const t1 = performance.now();
    await this.launch();
    return { stopMs: t1 - t0, forced, startMs: performance.now() - t1 };
  }

  /** SIGTERM (graceful: ours flushes its log); SIGKILL after `graceMs`. Resolves to "was killed". */
  async stop(graceMs = 5_000): Promise<boolean> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return false;
    child.kill('SIGTERM');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const forced = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
    ]);
    clearTimeout(timer);
    if (forced) child.kill('SIGKILL');
    await this.exited;
    return forced;
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.sink?.close();
    await this.database?.stop();
    this.database = undefined;
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    if (this.spec.telemetry) this.sink ??= await startOtlpCollector();
    if (this.spec.postgres) this.database ??= await startPostgres(this.options.core);
    const nodeArgs = ['--inspect=127.0.0.1:0', '--import', 'tsx', path.join(ROOT, this.spec.entry)];
    const [command, args] = this.options.core === undefined ? [process.execPath, nodeArgs] : ['taskset', ['-c', this.options.core, process.execPath, ...nodeArgs]];
    const child = spawn(command, args, {
      cwd: ROOT,
      env: {
        // A DATABASE_URL or REDIS_URL of the shell would turn every server into another one.
        ...withoutKeys(process.env, ['DATABASE_URL', 'REDIS_URL']),
        PORT: String(this.port),
        HOST: '127.0.0.1',
        USERCONTENT_PORT: '0',
        DATA_DIR: this.dataDir,
        DEMO: '0',
        // Only startup and shutdown log at info; the listening line gives the port.
        LOG_LEVEL: 'info',
        // The whole swarm connects from 127.0.0.1: the full grid's 5,000 viewers would pass our
        // per-address cap (2,000 by default, sized for a NAT full of users, not a load generator).
        MAX_SOCKETS_PER_ADDRESS: '10000',
        SEED_DIR: this.options.seedDir,
        ...(this.sink ? telemetryEnv(this.sink.url) : {}),
        ...(this.database ? { DATABASE_URL: this.database.url } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let stderr = '';
    const inspector = new Promise<string>((resolve) => {
      child.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
        const match = /Debugger listening on (ws:\/\/\S+)/.exec(stderr);
        if (match) resolve(match[1] as string);
      });
    });
    this.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.spec.name} did not start in 60 s\n${stderr}`)), 60_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${this.spec.name} exited with ${code}\n${stderr}`));
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!/listening/.test(line)) return;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      });
    });
    this.inspectorUrl = await inspector;
  }
}

const withoutKeys = (env: NodeJS.ProcessEnv, keys: string[]) => Object.fromEntries(Object.entries(env).filter(([key]) => !keys.includes(key)));
