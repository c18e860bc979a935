import { describe, expect, it } from 'vitest';
import { runHarness, SMOKE } from './harness/index.ts';
import { SERVER_NAMES } from './harness/servers/index.ts';

/**
 * Smoke test of the benchmark harness itself (not of speed): it starts every server under
 * test, measures one small row against each and renders the table. Nothing here asserts a time.
 */
describe('benchmark harness', () => {
  it('measures one small row against every server and prints a table naming each', async () => {
    const report = await runHarness(SMOKE);
    expect(report.errors).toEqual([]);
    for (const server of SERVER_NAMES) {
      const row = report.latency.find((r) => r.server === server);
      expect(row, server).toBeDefined();
      // Every edit reached every viewer, and a latency was measured from the raw frames.
      expect(row?.deliveredPct, server).toBe(100);
      expect(Number.isFinite(row?.p99Ms), server).toBe(true);
      expect(report.markdown).toContain(`| 10 × 20 | ${server} |`);
    }
    expect(report.connections.filter((c) => c.converged !== undefined).every((c) => c.converged)).toBe(true);
    expect(report.markdown).toContain('## Targets');
  }, 150_000);
});
