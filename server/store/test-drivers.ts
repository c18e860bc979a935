import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StorageConfig } from './index.ts';

/*
 * The storage drivers as test fixtures, so a suite about SQL (the *.cases.ts files beside it)
 * runs on PGlite in the integration project and on PostgreSQL in the postgres project
 * (e2e/support/postgres.ts has that driver) with the same cases.
 */

/** An empty database of one driver, for one test. */
export interface TestDatabase {
  /** What `openStorage` / `openDatabase` take to open it. */
  config: StorageConfig;
  dispose(): Promise<void>;
}

export interface TestDriver {
  name: 'pglite' | 'postgres';
  fresh(): Promise<TestDatabase>;
}

export const pgliteDriver: TestDriver = {
  name: 'pglite',
  async fresh() {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'la-db-'));
    return { config: { dataDir }, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
};
