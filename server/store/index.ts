import type { Config } from '../config.ts';
import { ArtifactStore } from './artifact-store.ts';
import { openPglite } from './pglite.ts';
import { migrate, type SqlClient } from './sql.ts';

export * from './artifact-store.ts';
export * from './update-log.ts';
export * from './people-store.ts';
export type { SqlClient } from './sql.ts';

/**
 * Opens the configured database and brings its schema up to date. `wrap` puts a layer around
 * the SQL client (tests inject storage faults there).
 */
export async function openStore(config: Pick<Config, 'dataDir'>, wrap: (db: SqlClient) => SqlClient = (db) => db): Promise<ArtifactStore> {
  const db = wrap(await openPglite(config.dataDir));
  await migrate(db);
  return new ArtifactStore(db);
}
export * from './version-store.ts';
export * from './idempotency-store.ts';
