import path from 'node:path';
import { SERVER_NAMES, type ServerName } from './servers/index.ts';

/** Everything a harness run measures, and how hard. The presets below are the only entry points. */
export interface HarnessOptions {
  mode: 'quick' | 'full' | 'smoke';
  servers: readonly ServerName[];
  grid: { viewers: number[]; editsPerS: number[]; repeats: number; windowMs: number };
  /** Highest sustained deliveries/s: edit rates climbed at a fixed viewer count. */
  ramp?: { viewers: number; editsPerS: number[]; repeats: number; p99LimitMs: number };
  /** Profile our server during an extra pass of this grid cell. */
  profile?: { viewers: number; editsPerS: number };
  /** `profile`: one more (uncounted) pass of our server's cold loads under the profiler. */
  documents?: { sections: number[]; repeats: number; profile?: boolean };
  reconnect?: { viewers: number; repeats: number };
  durableOps?: { inFlight: number[]; viewers: number; seconds: number; repeats: number };
  /** Ops posted for the Chromium edit-to-paint row on our server. */
  paintOps?: number;
  /** Server on core 1, clients on core 0 (two-core machines); off where other work shares them. */
  pin: boolean;
  /** Where JSON, markdown and profiles go; undefined = write nothing. */
  resultsDir?: string;
}

const RESULTS_DIR = path.resolve(import.meta.dirname, '../results');

export const QUICK: HarnessOptions = {
  mode: 'quick',
  servers: SERVER_NAMES,
  grid: { viewers: [100, 1_000], editsPerS: [20, 100], repeats: 3, windowMs: 1_000 },
  ramp: { viewers: 1_000, editsPerS: [20, 50, 100, 200, 400, 800], repeats: 1, p99LimitMs: 100 },
  profile: { viewers: 1_000, editsPerS: 100 },
  documents: { sections: [1_000, 10_000], repeats: 1, profile: true },
  reconnect: { viewers: 1_000, repeats: 1 },
  durableOps: { inFlight: [1, 8], viewers: 20, seconds: 2, repeats: 1 },
  paintOps: 50,
  pin: true,
  resultsDir: RESULTS_DIR,
};

export const FULL: HarnessOptions = {
  mode: 'full',
  servers: SERVER_NAMES,
  grid: { viewers: [100, 1_000, 5_000], editsPerS: [20, 100], repeats: 3, windowMs: 5_000 },
  ramp: { viewers: 1_000, editsPerS: [20, 50, 100, 150, 200, 300, 400, 600, 800, 1_200, 1_600], repeats: 3, p99LimitMs: 100 },
  profile: { viewers: 1_000, editsPerS: 100 },
  documents: { sections: [1_000, 10_000], repeats: 3, profile: true },
  reconnect: { viewers: 1_000, repeats: 3 },
  durableOps: { inFlight: [1, 8, 32], viewers: 20, seconds: 5, repeats: 3 },
  paintOps: 200,
  pin: true,
  resultsDir: RESULTS_DIR,
};

/**
 * Only the durable op-batch row on our server, on PGlite and on PostgreSQL (the full run's
 * settings): the agent's write path, ack p50/p99 and batches/s with 1, 8 and 32 in flight.
 */
export const DURABLE_OPS: HarnessOptions = {
  mode: 'full',
  servers: ['ours', 'ours-pg'],
  grid: { viewers: [], editsPerS: [], repeats: 1, windowMs: 1_000 },
  durableOps: FULL.durableOps!,
  pin: true,
  // Printed only: the full run's files stay the full run's.
};

/** The test's smoke run: every server, one small row, nothing written. */
export const SMOKE: HarnessOptions = {
  mode: 'smoke',
  servers: SERVER_NAMES,
  grid: { viewers: [10], editsPerS: [20], repeats: 1, windowMs: 500 },
  pin: false,
};
