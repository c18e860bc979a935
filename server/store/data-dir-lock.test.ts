import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './data-dir-lock.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'la-lock-'));
  dirs.push(dir);
  return dir;
};

it('refuses a data directory held by another live process, and takes over a stale claim', async () => {
  const dir = tempDir();
  // Another live process holds the directory.
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  writeFileSync(path.join(dir, 'live-artifacts.pid'), String(other.pid));
  expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
  other.kill('SIGKILL');
  await new Promise((r) => other.once('exit', r));
  // Its process is gone (as after kill -9): the claim is stale and taken over.
  const release = lockDataDir(dir);
  expect(() => lockDataDir(dir)).toThrow(/in use by process/); // not even twice in one process
  release();
  lockDataDir(dir)(); // released: free again
});
