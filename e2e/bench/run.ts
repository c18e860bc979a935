import os from 'node:os';
import { benchAuth } from './auth.ts';
import { benchOpToPaint } from './op-to-paint.ts';
import { benchPublish } from './publish.ts';
import { benchStartup } from './startup.ts';
import { benchThroughput } from './throughput.ts';

/**
 * `npm run bench [-- --quick]`: prints each benchmark's numbers and writes them to
 * e2e/bench/results/*.json. Not part of `npm test`.
 */
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const benches: [string, () => Promise<Record<string, unknown>>][] = [
  ['startup', () => benchStartup(quick ? 1 : 3)],
  ['op-to-paint', () => benchOpToPaint(quick ? 50 : 200)],
  ['throughput', () => benchThroughput(quick ? { seconds: 3, inFlight: [1, 8] } : {})],
  ['publish', () => benchPublish(quick ? 1 : 3)],
  ['auth', () => benchAuth(quick ? 1_000 : 5_000)],
];

process.stdout.write(`machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}\n`);
for (const [name, run] of benches) {
  if (only && only !== name) continue;
  const result = await run();
  process.stdout.write(`\n## ${name}\n${JSON.stringify(result, null, 2)}\n`);
}
