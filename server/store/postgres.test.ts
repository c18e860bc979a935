import { expect, it } from 'vitest';
import { freePort } from '../../e2e/support/ports.ts';
import { DatabaseOpenError, openStorage } from './index.ts';

// Without a PostgreSQL: what starting against one that does not answer looks like (the postgres project tests the rest).
it('refuses to start when DATABASE_URL does not answer, naming it without its password', async () => {
  const port = await freePort();
  const opening = openStorage({ dataDir: '', databaseUrl: `postgres://app:hunter2@127.0.0.1:${port}/artifacts` });
  await expect(opening).rejects.toThrow(DatabaseOpenError);
  await expect(opening).rejects.toThrow(`DATABASE_URL postgres://app:***@127.0.0.1:${port}/artifacts: PostgreSQL could not be opened (connect ECONNREFUSED`);
  await expect(opening).rejects.not.toThrow(/hunter2/);
});
