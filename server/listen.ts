import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A configured port another process holds: named by its setting, for one clear line at start. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly setting: string,
    readonly host: string,
    readonly port: number,
  ) {
    super(`${setting}=${port}: ${host}:${port} is already in use; stop what listens there or choose another port`);
  }
}

/** Listens on `port` (0 = any free one) and resolves with the port; a taken port is a PortInUseError. */
export function listen(server: Server, port: number, host: string, setting: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(setting, host, port) : error));
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Fails with a PortInUseError when `port` is taken, for listeners that report it only in the
 * background (the Prometheus exporter logs and carries on without its endpoint).
 */
export async function assertPortFree(port: number, host: string, setting: string): Promise<void> {
  const probe = createServer();
  await listen(probe, port, host, setting);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
