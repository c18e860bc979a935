import { ensureKeycloak, stopKeycloak } from './keycloak.ts';

/**
 * Global setup of vitest's keycloak project (`*.keycloak.test.ts`) and of Playwright: the real
 * Keycloak that the identity tests talk to. Started once per run (first run downloads it from
 * Maven Central) and stopped afterwards if this run started it; the unit and integration
 * projects never run it, so they need no Java.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const started = Date.now();
  const { startedHere } = await ensureKeycloak();
  if (startedHere) process.stdout.write(`keycloak started in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return async () => {
    if (startedHere) await stopKeycloak();
  };
}
