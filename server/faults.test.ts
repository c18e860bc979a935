import { faultMatrixCases } from './faults.cases.ts';

// On PGlite in the server's temporary DATA_DIR; faults.postgres.test.ts runs the same on PostgreSQL.
faultMatrixCases(async () => ({ env: {}, dispose: async () => {} }));
