import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { summary, wallNow, writeResult } from './stats.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * `npm start` (with the demo) from spawn to the first 200 of /healthz, on a warm install.
 * `fresh` = a new data directory (PGlite initdb + demo seed); `existing` = a restart on it.
 */
export async function benchStartup(runs = 3): Promise<Record<string, unknown>> {
  const fresh: number[] = [];
  const existing: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'la-start-'));
    fresh.push(await timeStart(dataDir));
    existing.push(await timeStart(dataDir));
    rmSync(dataDir, { recursive: true, force: true });
  }
  const result = { runs, freshDataDirMs: summary(fresh), existingDataDirMs: summary(existing) };
  await writeResult('startup', result);
  return result;
}

async function timeStart(dataDir: string): Promise<number> {
  const t0 = wallNow();
  // Its own process group: npm does not pass SIGTERM on to the server it started.
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { ...process.env, PORT: '0', USERCONTENT_PORT: '0', DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('live artifacts listening')) resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  const elapsed = wallNow() - t0;
  if (res.status !== 200) throw new Error(`healthz answered ${res.status}`);
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-(child.pid as number), 'SIGTERM');
  await exited;
  // Wait until the server itself released the data directory.
  while (existsSync(path.join(dataDir, 'live-artifacts.pid'))) await new Promise((r) => setTimeout(r, 50));
  return elapsed;
}
