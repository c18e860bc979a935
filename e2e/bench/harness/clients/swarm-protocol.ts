import type { Protocol } from './wire.ts';

/** Messages between the harness and its viewer swarm process (see swarm.ts). */
export type SwarmRequest =
  | {
      type: 'connect';
      url: string;
      protocol: Protocol;
      documentName: string;
      token: string;
      /** Wire-level viewers (frames are searched for edit markers, never decoded). */
      viewers: number;
      /** Real Yjs replicas, only to check convergence. */
      yjsViewers: number;
      /** Reconnect after the server goes away (the restart row). */
      reconnect: boolean;
    }
  /** Count deliveries of edits sent at or after `fromMs` (wall clock); forget older samples. */
  | { type: 'window'; fromMs: number; toMs: number }
  /** Wait until every viewer has `expected` edits of the window (or progress stops). */
  | { type: 'collect'; expected: number; maxWaitMs: number }
  /** Forget who has resynced; the server is about to restart. */
  | { type: 'expect-resync' }
  | { type: 'await-resync'; maxWaitMs: number }
  | { type: 'markers' }
  | { type: 'close' };

export interface LatencyStats {
  /** Edit deliveries seen in the window, over all wire viewers. */
  delivered: number;
  expected: number;
  /** Viewers that saw every edit of the window. */
  viewersComplete: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Wall-clock span from the first edit sent to the last delivery (for deliveries/s). */
  lastDeliveryAtMs: number;
}

export type SwarmResponse =
  | { type: 'connected'; viewers: number; failed: number; connectMs: number; firstError?: string }
  | { type: 'ok' }
  | ({ type: 'stats' } & LatencyStats)
  | { type: 'resynced'; resynced: number; lastAtMs: number; denials: number; firstError?: string }
  | { type: 'markers'; counts: number[] }
  | { type: 'error'; message: string };
