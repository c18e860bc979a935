import { pgliteDriver } from './test-drivers.ts';
import { updateLogCases } from './update-log.cases.ts';

// The same cases run on PostgreSQL in drivers.postgres.test.ts.
updateLogCases(pgliteDriver);
