import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';

const LOCK_FILE = 'live-artifacts.pid';

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

/**
 * PGlite has no lock of its own, and two processes writing one data directory corrupt it.
 * Like PostgreSQL's postmaster.pid, a pid file claims the directory; a stale one (its process
 * is gone, e.g. after kill -9) is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (pid && isAlive(pid)) {
        throw new DataDirInUseError(`DATA_DIR ${dataDir} is in use by process ${pid}; stop it or choose another DATA_DIR`);
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new DataDirInUseError(`could not claim DATA_DIR ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
