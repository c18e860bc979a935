import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.ts';

/*
 * Global setup of vitest's postgres project (`*.postgres.test.ts`): one real PostgreSQL
 * (infra/postgres/start.sh, fsync off) for the whole run, stopped and removed afterwards. Tests
 * get its URL through `inject('postgresUrl')` and each makes its own database on it
 * (e2e/support/postgres.ts), so files running in parallel never meet.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const postgres = await startPostgres();
  process.stdout.write(`postgres started in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  project.provide('postgresUrl', postgres.url);
  return () => postgres.dispose();
}
