import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { accessToken } from './tokens.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Lines the server logged so far (JSON). */
  logs: string[];
  /** The embedded IdP's issuer (`<url>/realms/artifacts`). */
  issuer: string;
  /** A fresh access token of a demo user (default alice of acme) from the server's embedded IdP. */
  token(username?: string): Promise<string>;
  /** SIGKILL: no shutdown hooks, no flush. */
  kill(): Promise<void>;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** Stops and removes the data directory (unless kept for a restart). */
  dispose(): Promise<void>;
}

/**
 * Starts `server/main.ts` as a real child process on a free port (PORT=0) and resolves once it
 * logs that it is listening. Pass `dataDir` to restart on the same data.
 */
export async function startServerProcess(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'la-test-'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', USERCONTENT_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '0', LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s\n${stderr}`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}\n${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logs.push(line);
      if (!line.includes('live artifacts listening')) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    child,
    logs,
    issuer: `http://127.0.0.1:${port}/realms/artifacts`,
    token: (username = 'alice') => accessToken(`http://127.0.0.1:${port}/realms/artifacts`, username),
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    async dispose() {
      await signal('SIGTERM');
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
