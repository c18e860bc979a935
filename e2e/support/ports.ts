import { createServer } from 'node:net';

/**
 * A port that was free a moment ago, for a server that must come back on the same port after
 * a restart (port 0 would give it another one). Another process may take it in between; the
 * server then fails to start with a clear message and the test says so.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
