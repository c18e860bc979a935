import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/*
 * A real Redis for tests, through infra/redis/start.sh and stop.sh (the scripts the local
 * cluster uses): a fresh directory, nothing persisted, a free port. `stop()` then `start()`
 * brings it back on the same port (a Redis outage and its return), `kill()` is SIGKILL.
 */

const run = promisify(execFile);
const SCRIPTS = path.resolve(import.meta.dirname, '../../infra/redis');

export interface TestRedis {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  /** The running instance's directory (a new one after each `start()`). */
  dir(): string | undefined;
  /** Shuts Redis down and removes its directory; safe to call twice. */
  stop(): Promise<void>;
  /** Starts a fresh Redis on the same port (empty: nothing was persisted). */
  start(): Promise<void>;
  /** SIGKILL, no shutdown: what a crashed Redis looks like to its clients. */
  kill(): Promise<void>;
}

/** Parses the `KEY=value` lines the infra scripts print on stdout. */
export function scriptOutput(stdout: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1] as string] = match[2] as string;
  }
  return values;
}

async function startScript(port?: number): Promise<{ port: number; dir: string }> {
  try {
    const { stdout } = await run(path.join(SCRIPTS, 'start.sh'), [], { env: { ...process.env, ...(port ? { REDIS_PORT: String(port) } : {}) } });
    const out = scriptOutput(stdout);
    if (!out.REDIS_PORT || !out.REDIS_DIR) throw new Error(`infra/redis/start.sh printed no REDIS_PORT/REDIS_DIR:\n${stdout}`);
    return { port: Number(out.REDIS_PORT), dir: out.REDIS_DIR };
  } catch (error: unknown) {
    const stderr = (error as { stderr?: string }).stderr;
    throw new Error(`infra/redis/start.sh failed${stderr ? `:\n${stderr}` : ''}`, { cause: error });
  }
}

export async function startRedis(): Promise<TestRedis> {
  const first = await startScript();
  const port = first.port;
  let dir: string | undefined = first.dir;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir: () => dir,
    async stop() {
      if (!dir) return;
      const stopping = dir;
      dir = undefined;
      await run(path.join(SCRIPTS, 'stop.sh'), [stopping]);
    },
    async start() {
      if (dir) throw new Error(`redis on port ${port} is already running`);
      dir = (await startScript(port)).dir;
    },
    async kill() {
      if (!dir) return;
      const pid = Number(readFileSync(path.join(dir, 'redis.pid'), 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      // Gone once signal 0 fails; the directory stays until stop() removes it.
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const killed = dir;
      dir = undefined;
      await run(path.join(SCRIPTS, 'stop.sh'), [killed]);
    },
  };
}
