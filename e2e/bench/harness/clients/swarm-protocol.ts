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
  /**
   * Wait until every viewer has `expected` edits of the window, or nothing arrived for
   * `quietMs` (default 1 s), or `maxWaitMs` passed.
   */
  | { type: 'collect'; expected: number; maxWaitMs: number; quietMs?: number }
  /** Forget who has resynced; the server is about to restart. */
  | { type: 'expect-resync' }
  | { type: 'await-resync'; maxWaitMs: number }
  | { type: 'markers' }
  /** A renewed token for every open socket (Hocuspocus protocol). */
  | { type: 'token'; token: string }
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
  /** Wire viewers with an open socket when collecting. */
  viewersOpen: number;
  /** Viewer sockets the server closed since `connect`, by "code reason". */
  drops: Record<string, number>;
}

export type SwarmResponse =
  /** `retried`: handshakes that failed once and were tried again (up to 3 times). */
  | { type: 'connected'; viewers: number; failed: number; retried: number; connectMs: number; firstError?: string }
  | { type: 'ok' }
  | ({ type: 'stats' } & LatencyStats)
  | { type: 'resynced'; resynced: number; lastAtMs: number; denials: number; firstError?: string }
  /** Markers held by each real Yjs viewer, and why any of them was disconnected. */
  | { type: 'markers'; counts: number[]; dropped: string[] }
  | { type: 'error'; message: string };
