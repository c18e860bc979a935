import type { Config } from '../config.ts';
import { ArtifactStore } from './artifact-store.ts';
import { openPglite } from './pglite.ts';
import { migrate } from './sql.ts';

export * from './artifact-store.ts';
export * from './update-log.ts';
export * from './people-store.ts';
export type { SqlClient } from './sql.ts';

/** Opens the configured database and brings its schema up to date. */
export async function openStore(config: Pick<Config, 'dataDir'>): Promise<ArtifactStore> {
  const db = await openPglite(config.dataDir);
  await migrate(db);
  return new ArtifactStore(db);
}
export * from './version-store.ts';
