import os from 'node:os';
import { benchAuth } from './auth.ts';
import { DURABLE_OPS, FULL, QUICK, runHarness } from './harness/index.ts';
import { ALL_SERVER_NAMES, SERVER_NAMES, type ServerName } from './harness/servers/index.ts';
import { benchOpToPaint } from './op-to-paint.ts';
import { benchPublish } from './publish.ts';
import { benchRetention } from './retention.ts';
import { benchStartup } from './startup.ts';
import { benchThroughput } from './throughput.ts';

/**
 * `npm run bench [-- --quick] [--only=harness,startup,…] [--servers=ours,relay,ours-otel,…]`: prints
 * numbers and writes them to e2e/bench/results/. Not part of `npm test`.
 *
 * - `harness` (the default): our server against a raw ws relay, @y/websocket-server and plain
 *   Hocuspocus in one run (see harness/index.ts); results/harness-<mode>.{json,md}.
 * - `durable-ops`: only the harness's durable op-batch row on our server, on PGlite and on
 *   PostgreSQL (about two minutes).
 * - `cluster`: 1, 2 and 3 instances behind nginx on PostgreSQL and Redis (and 1 without Redis),
 *   viewers spread over them on one artifact (see cluster.ts); results/cluster-<mode>.{json,md}.
 * - `fork-cost`: an op batch on a copy of the document (the approach not taken) against the
 *   unannounced apply on the live one.
 * - `startup`, `op-to-paint`, `throughput`, `publish`, `auth` (needs Keycloak): the older
 *   single-server benchmarks, run only when named.
 * - `mcp`: MCP `apply_ops` tool-call latency over Streamable HTTP and over stdio (1,000 calls each).
 */
const quick = process.argv.includes('--quick');
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = (arg('only') ?? 'harness').split(',');
// `ours-otel` (telemetry on) is measured only when named: --servers=ours,ours-otel.
const servers = (arg('servers')?.split(',') ?? SERVER_NAMES).filter((s): s is ServerName => (ALL_SERVER_NAMES as readonly string[]).includes(s));

const benches: [string, () => Promise<unknown>][] = [
  [
    'harness',
    async () => {
      const report = await runHarness({ ...(quick ? QUICK : FULL), servers }, (line) => process.stdout.write(`  ${line}\n`));
      return report.markdown;
    },
  ],
  [
    'durable-ops',
    async () => (await runHarness(DURABLE_OPS, (line) => process.stdout.write(`  ${line}\n`))).markdown,
  ],
  [
    'cluster',
    async () => {
      const { benchCluster, CLUSTER_FULL, CLUSTER_QUICK } = await import('./cluster.ts');
      return (await benchCluster(quick ? CLUSTER_QUICK : CLUSTER_FULL, (line) => process.stdout.write(`  ${line}\n`))).markdown;
    },
  ],
  ['fork-cost', async () => (await import('./fork-cost.ts')).benchForkCost()],
  ['startup', () => benchStartup(quick ? 1 : 3)],
  ['op-to-paint', () => benchOpToPaint(quick ? 50 : 200)],
  ['throughput', () => benchThroughput(quick ? { seconds: 3, inFlight: [1, 8] } : {})],
  ['publish', () => benchPublish(quick ? 1 : 3)],
  ['auth', () => benchAuth(quick ? 1_000 : 5_000)],
  ['audit', async () => (await import('./audit.ts')).benchAudit(quick ? 500 : 2_000)],
  ['retention', () => benchRetention(quick ? 1_000 : 10_000)],
  ['mcp', async () => (await import('./mcp.ts')).benchMcp(quick ? 300 : 1_000)],
  ['presence', async () => (await import('./presence.ts')).benchPresence(quick ? 200 : 1_000)],
];

const unknown = only.filter((name) => !benches.some(([n]) => n === name));
if (unknown.length) {
  process.stderr.write(`unknown benchmark: ${unknown.join(', ')} (known: ${benches.map(([n]) => n).join(', ')})\n`);
  process.exit(2);
}
process.stdout.write(`machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}\n`);
for (const [name, run] of benches) {
  if (!only.includes(name)) continue;
  const t0 = performance.now();
  const result = await run();
  process.stdout.write(`\n## ${name} (${((performance.now() - t0) / 1_000).toFixed(0)} s)\n${typeof result === 'string' ? result : JSON.stringify(result, null, 2)}\n`);
}
