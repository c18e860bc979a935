import { describe, expect, it } from 'vitest';
import { benchCluster, CLUSTER_SMOKE } from './cluster.ts';

/**
 * Smoke test of the cluster benchmark itself (not of speed): one instance without Redis and
 * two behind nginx on PostgreSQL and Redis, a few viewers. What it checks could break without
 * anyone noticing in the printed numbers: that the viewers really land on every instance, that
 * every viewer on either instance receives every batch, and that the table names each setup.
 * Nothing here asserts a time.
 */
describe('cluster benchmark', () => {
  it('spreads viewers over the instances, delivers every batch to each of them and prints the rows', async () => {
    const report = await benchCluster(CLUSTER_SMOKE);
    expect(report.errors).toEqual([]);
    expect(report.rows.map((r) => r.setup)).toEqual(CLUSTER_SMOKE.setups!.map((s) => s.label));
    for (const row of report.rows) {
      expect(row.viewersPerInstance, row.setup).toHaveLength(row.instances);
      // Sockets land on every instance (no affinity: the document is not in the URL).
      for (const n of row.viewersPerInstance) expect(n, row.setup).toBeGreaterThan(0);
      expect(row.deliveredPct, row.setup).toBe(100);
      expect(row.convergence.converged, row.setup).toBe(true);
      expect(row.convergence.stored, row.setup).toBeGreaterThanOrEqual(row.convergence.acknowledged);
      expect(report.markdown).toContain(`| ${row.setup} |`);
    }
    const twoInstances = report.rows.find((r) => r.instances === 2)!;
    // The second instance's viewers got the batches through Redis: something was published.
    expect(twoInstances.redisPerS?.publishes).toBeGreaterThan(0);
  }, 240_000);
});
