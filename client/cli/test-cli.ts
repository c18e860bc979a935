import { spawn } from 'node:child_process';
import path from 'node:path';

const BIN = path.join(import.meta.dirname, 'bin.mjs');
const ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `artifacts ...` as a real child process (tests only). `env` is the whole environment
 * besides the parent's; names mapped to `undefined` are removed; `cwd` defaults to the
 * repository root. The caller owns stdin.
 */
export function startCli(args: string[], env: Record<string, string | undefined>, cwd = ROOT) {
  const merged: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete merged[name];
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: merged, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}
