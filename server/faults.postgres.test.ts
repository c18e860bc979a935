import { freshDatabase } from '../e2e/support/postgres.ts';
import { faultMatrixCases } from './faults.cases.ts';

// The fault matrix of faults.test.ts, on a fresh PostgreSQL database.
faultMatrixCases(async () => {
  const database = await freshDatabase();
  return { env: { DATABASE_URL: database.url }, dispose: database.drop };
});
