import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startNginx } from './nginx.ts';
import { freePort } from './ports.ts';
import { startPostgres } from './postgres.ts';
import { startRedis } from './redis.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { accessToken } from './tokens.ts';

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
    const postgres = await startPostgres({ fast: options.postgresFast !== false });
    stops.push(() => postgres.dispose());
    const redis = withRedis ? await startRedis() : undefined;
    if (redis) stops.push(() => redis.stop());
    const databaseUrl = postgres.url;
    const redisUrl = redis?.url ?? '';

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

    const nginx = await startNginx({
      upstreams: instances.map((i) => `127.0.0.1:${i.port}`),
      usercontentUpstreams: instances.map((i) => `127.0.0.1:${i.usercontentPort}`),
      env: { NGINX_PORT: String(nginxPort), NGINX_USERCONTENT_PORT: String(nginxUsercontentPort) },
    });
    stops.push(() => nginx.stop());
    const pidIn = (file: string) => Number(readFileSync(file, 'utf8').split('\n')[0]);

    return {
      url,
      usercontentUrl,
      databaseUrl,
      redisUrl,
      instances,
      postgres: { stop: () => postgres.stop(), start: () => postgres.start() },
      redis: {
        stop: async () => redis?.stop(),
        async start() {
          if (!redis) throw new Error('this cluster runs without Redis');
          await redis.start();
        },
      },
      token: (username = 'alice') => accessToken(`${url}/realms/artifacts`, username),
      processes: () => ({
        instances: instances.map((i) => i.process.child.pid ?? -1),
        nginx: pidIn(path.join(nginx.dir, 'nginx.pid')),
        postgres: pidIn(path.join(postgres.dir, 'data', 'postmaster.pid')),
        redis: redis?.dir() ? pidIn(path.join(redis.dir() as string, 'redis.pid')) : undefined,
      }),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
