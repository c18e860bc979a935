import type { WebSocket } from 'ws';
import { SERVICE_RESTART_CLOSE_CODE, SOCKET_REASONS } from '#shared/api';

/** How long a viewer has to answer the close handshake before its socket is dropped. */
export const RESTART_CLOSE_WAIT_MS = 1_000;

/**
 * Closes every socket for a shutdown with 1012 "Service Restart" (reason `stopping`): the
 * page reconnects at once, through the load balancer, instead of treating it as a refusal or
 * waiting out a dropped connection. A socket that does not complete the close handshake in
 * `waitMs` is terminated, so a stuck client cannot hold the shutdown (ws itself would wait 30 s).
 */
export async function closeForRestart(sockets: Iterable<WebSocket>, waitMs: number = RESTART_CLOSE_WAIT_MS): Promise<void> {
  await Promise.all(
    [...sockets].map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          const timer = setTimeout(() => {
            ws.terminate();
            resolve();
          }, waitMs);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          ws.close(SERVICE_RESTART_CLOSE_CODE, SOCKET_REASONS.stopping);
        }),
    ),
  );
}
