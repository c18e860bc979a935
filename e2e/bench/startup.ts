import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { ...process.env, PORT: '0', DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] });
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
  child.kill('SIGTERM');
  await exited;
  return elapsed;
}
