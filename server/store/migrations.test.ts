import { migrationCases } from './migrations.cases.ts';
import { pgliteDriver } from './test-drivers.ts';

// The same cases run on PostgreSQL in drivers.postgres.test.ts.
migrationCases(pgliteDriver);
