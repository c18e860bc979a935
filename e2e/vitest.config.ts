import path from 'node:path';
import { defineConfig } from 'vitest/config';

/** Unit and integration tests (`*.test.ts` beside the code). Playwright specs are `*.spec.ts`. */
export default defineConfig({
  root: path.resolve(import.meta.dirname, '..'),
  test: {
    include: ['{shared,policies,server,client,e2e}/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'client/dist/**'],
    testTimeout: 30_000,
    // The identity tests need the real Keycloak of infra/keycloak.
    globalSetup: ['e2e/support/global-setup.ts'],
    hookTimeout: 60_000,
    // Integration files start real servers and databases; two cores, so keep it modest.
    maxWorkers: 2,
  },
});
