import { describe } from 'vitest';
import { postgresDriver } from '../../e2e/support/postgres.ts';
import { migrationCases } from './migrations.cases.ts';
import { sqlClientCases } from './sql.cases.ts';
import { updateLogCases } from './update-log.cases.ts';

// The driver-independent store suites (run on PGlite by their *.test.ts beside them), on PostgreSQL.
describe('SqlClient', () => sqlClientCases(postgresDriver));
describe('migrations', () => migrationCases(postgresDriver));
describe('update log', () => updateLogCases(postgresDriver));
