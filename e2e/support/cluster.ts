import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { accessToken } from './tokens.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Runs one of the infra/ scripts and returns the `KEY=value` lines it printed on stdout (its
 * log goes to stderr, which is shown when it fails).
 */
export async function runInfraScript(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<Record<string, string>> {
  const child = spawn('bash', [path.join(ROOT, script), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${code}\n${stderr}`);
  const values: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) values[match[1] as string] = match[2] as string;
  }
  return values;
}

export interface ClusterInstance {
  readonly index: number;
  /** The instance's own port (behind nginx; tests may also talk to it directly). */
  readonly port: number;
  readonly usercontentPort: number;
  readonly url: string;
  process: ServerProcess;
  /** SIGKILL: no shutdown at all. */
  kill(): Promise<void>;
  /** SIGTERM: graceful shutdown; resolves once the process exited. */
  stop(): Promise<void>;
  /** Starts it again on the same ports (nginx's upstream list stays right). */
  start(): Promise<void>;
}

/** Process ids of the cluster's parts right now (for CPU and memory readings from /proc). */
export interface ClusterProcesses {
  instances: number[];
  /** nginx's master (its workers are its children). */
  nginx: number;
  /** The postmaster (its backends are its children). */
  postgres: number;
  /** Undefined when the cluster runs without Redis (or Redis is stopped). */
  redis: number | undefined;
}

export interface ClusterOptions {
  size?: number;
  env?: Record<string, string>;
  /** PostgreSQL with fsync off (default, tests); false = fsync on, as in production (benchmarks). */
  postgresFast?: boolean;
  /** false = no Redis and no REDIS_URL (only sensible with size 1: a baseline). */
  redis?: boolean;
}

export interface RunningCluster {
  /** nginx: what users and agents talk to. */
  url: string;
  usercontentUrl: string;
  databaseUrl: string;
  /** Empty when started with `redis: false`. */
  redisUrl: string;
  instances: ClusterInstance[];
  postgres: { stop(): Promise<void>; start(): Promise<void> };
  redis: { stop(): Promise<void>; start(): Promise<void> };
  /** An access token of a demo user from the embedded IdP, through nginx. */
  token(username?: string): Promise<string>;
  processes(): ClusterProcesses;
  stop(): Promise<void>;
}

/**
 * PostgreSQL, Redis, `size` server instances and nginx in front, on this machine, each on a
 * free port — what `npm run cluster` starts, with handles for the fault tests. The instances
 * use the embedded IdP with one shared key directory (DATA_DIR), so a token one of them issued
 * is good on all; the first instance starts alone and makes the keys.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<RunningCluster> {
  const size = options.size ?? 3;
  const withRedis = options.redis ?? true;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const pg = await runInfraScript('infra/postgres/start.sh', [], { POSTGRES_FAST: options.postgresFast === false ? '0' : '1' });
    const databaseUrl = pg.DATABASE_URL as string;
    const pgPort = new URL(databaseUrl).port;
    stops.push(() => runInfraScript('infra/postgres/stop.sh', [pg.POSTGRES_DIR as string]).then(() => undefined));
    let redisDir: string | undefined;
    let redisUrl = '';
    if (withRedis) {
      const redisFirst = await runInfraScript('infra/redis/start.sh');
      redisDir = redisFirst.REDIS_DIR as string;
      redisUrl = redisFirst.REDIS_URL as string;
      stops.push(async () => {
        if (redisDir) await runInfraScript('infra/redis/stop.sh', [redisDir]);
      });
    }
    const redisPort = redisUrl ? new URL(redisUrl).port : '';

    const nginxPort = await freePort();
    const nginxUsercontentPort = await freePort();
    const url = `http://127.0.0.1:${nginxPort}`;
    const usercontentUrl = `http://127.0.0.1:${nginxUsercontentPort}`;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'la-cluster-'));
    stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const env = {
      DATABASE_URL: databaseUrl,
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      APP_ORIGIN: url,
      USERCONTENT_ORIGIN: usercontentUrl,
      USERCONTENT_SECRET: randomBytes(32).toString('hex'),
      TRUSTED_PROXIES: '127.0.0.1',
      RETENTION_SWEEP_INTERVAL_MS: '0',
      LOG_LEVEL: 'info',
      ...options.env,
    };
    const instances: ClusterInstance[] = [];
    for (let index = 0; index < size; index++) {
      const port = await freePort();
      const usercontentPort = await freePort();
      const startProcess = () => startServerProcess({ dataDir, env: { ...env, PORT: String(port), USERCONTENT_PORT: String(usercontentPort), INSTANCE_ID: `instance-${index + 1}` } });
      const instance: ClusterInstance = {
        index,
        port,
        usercontentPort,
        url: `http://127.0.0.1:${port}`,
        process: await startProcess(),
        kill: () => instance.process.kill(),
        stop: () => instance.process.stop(),
        async start() {
          instance.process = await startProcess();
        },
      };
      instances.push(instance);
      stops.push(() => instance.process.stop());
    }

    const nginx = await runInfraScript('infra/nginx/start.sh', [], {
      NGINX_PORT: String(nginxPort),
      NGINX_USERCONTENT_PORT: String(nginxUsercontentPort),
      UPSTREAMS: instances.map((i) => `127.0.0.1:${i.port}`).join(','),
      USERCONTENT_UPSTREAMS: instances.map((i) => `127.0.0.1:${i.usercontentPort}`).join(','),
    });
    stops.push(() => runInfraScript('infra/nginx/stop.sh', [nginx.NGINX_DIR as string]).then(() => undefined));
    const pidIn = (file: string) => Number(readFileSync(file, 'utf8').split('\n')[0]);

    return {
      url,
      usercontentUrl,
      databaseUrl,
      redisUrl,
      instances,
      postgres: {
        stop: () => runInfraScript('infra/postgres/ctl.sh', ['stop', pg.POSTGRES_DIR as string]).then(() => undefined),
        start: () => runInfraScript('infra/postgres/ctl.sh', ['start', pg.POSTGRES_DIR as string], { PGPORT: pgPort }).then(() => undefined),
      },
      redis: {
        async stop() {
          if (!redisDir) return;
          const dir = redisDir;
          redisDir = undefined;
          await runInfraScript('infra/redis/stop.sh', [dir]);
        },
        async start() {
          if (!withRedis) throw new Error('this cluster runs without Redis');
          redisDir = (await runInfraScript('infra/redis/start.sh', [], { REDIS_PORT: redisPort })).REDIS_DIR as string;
        },
      },
      token: (username = 'alice') => accessToken(`${url}/realms/artifacts`, username),
      processes: () => ({
        instances: instances.map((i) => i.process.child.pid ?? -1),
        nginx: pidIn(path.join(nginx.NGINX_DIR as string, 'nginx.pid')),
        postgres: pidIn(path.join(pg.POSTGRES_DIR as string, 'data', 'postmaster.pid')),
        redis: redisDir ? pidIn(path.join(redisDir, 'redis.pid')) : undefined,
      }),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
