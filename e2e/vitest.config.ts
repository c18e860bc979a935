import path from 'node:path';
import { defineConfig } from 'vitest/config';

/*
 * vitest runs `*.test.ts` beside the code (Playwright specs are `*.spec.ts`), in four projects
 * decided by where a file lives and how it is named:
 * - `unit`: everything under shared/, policies/ and client/app/ (pure code: no server, no
 *   database, no network); seconds.
 * - `keycloak`: `*.keycloak.test.ts` anywhere, the tests that talk to the real Keycloak of
 *   infra/keycloak; only this project's global setup starts it, so only it needs Java.
 * - `postgres`: `*.postgres.test.ts` anywhere, the tests that need a real PostgreSQL; this
 *   project's global setup starts one (infra/postgres) for the run.
 * - `cluster`: `*.cluster.test.ts`, a whole deployment (PostgreSQL, Redis, several server
 *   processes, nginx) started by the test itself; run after every other project, alone, so
 *   its load never shares the two cores with another file.
 * - `integration`: every other test file (real servers, PGlite, sockets, child processes).
 * e2e/projects.test.ts checks that every test file falls in exactly one of them.
 */

/** The pure layers: their tests make up the unit project. */
const PURE_FOLDERS = ['shared', 'policies', 'client/app'];
const KEYCLOAK_TESTS = '**/*.keycloak.test.ts';
const POSTGRES_TESTS = '**/*.postgres.test.ts';
const CLUSTER_TESTS = '**/*.cluster.test.ts';
const NOT_TESTS = ['**/node_modules/**', 'client/dist/**'];

export default defineConfig({
  root: path.resolve(import.meta.dirname, '..'),
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files start real servers and databases; two cores, so keep it modest.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: PURE_FOLDERS.map((folder) => `${folder}/**/*.test.ts`),
          exclude: [...NOT_TESTS, KEYCLOAK_TESTS, POSTGRES_TESTS, CLUSTER_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['{server,client,e2e}/**/*.test.ts'],
          exclude: [...NOT_TESTS, KEYCLOAK_TESTS, POSTGRES_TESTS, CLUSTER_TESTS, ...PURE_FOLDERS.map((folder) => `${folder}/**`)],
        },
      },
      {
        extends: true,
        test: {
          name: 'keycloak',
          include: [KEYCLOAK_TESTS],
          exclude: NOT_TESTS,
          // The real Keycloak (started unless it already runs, stopped afterwards if started here).
          globalSetup: ['e2e/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [POSTGRES_TESTS],
          exclude: NOT_TESTS,
          // One real PostgreSQL for the run (infra/postgres/start.sh), stopped afterwards.
          globalSetup: ['e2e/support/postgres-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'cluster',
          include: [CLUSTER_TESTS],
          exclude: NOT_TESTS,
          // A later group: starts once every other project has finished.
          sequence: { groupOrder: 1 },
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
