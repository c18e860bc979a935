import { defineConfig } from '@playwright/test';

/** Debian's chromium; Playwright's own browser download cannot work on our machines. */
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
};

export default defineConfig({
  testDir: './specs',
  testMatch: '**/*.spec.ts',
  outputDir: '../test-results',
  // The real Keycloak for the Keycloak login spec (started once, stopped if this run started it).
  globalSetup: './support/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    launchOptions: CHROMIUM_LAUNCH,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
