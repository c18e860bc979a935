import { afterAll, beforeAll } from 'vitest';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/**
 * One real server process for a whole test file: started before its tests (with alice's access
 * token from its embedded IdP), stopped after them. `started` receives both.
 */
export function serverForFile(started: (server: ServerProcess, token: string) => void): void {
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    server = await startServerProcess();
    started(server, await server.token('alice'));
  }, 60_000);
  afterAll(async () => {
    await server?.dispose();
  });
}
