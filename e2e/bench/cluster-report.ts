import { MAX_IN_FLIGHT, type ClusterReport, type ClusterRow } from './cluster.ts';
import { round } from './harness/report-math.ts';

/** The cluster bench's report as markdown tables (see cluster.ts for what is measured). */

const fmt = (x: number | undefined, digits = 1) => (x === undefined || !Number.isFinite(x) ? '–' : String(round(x, digits)));
const int = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : Math.round(x).toLocaleString('en-US'));
const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : `${x} %`);
const table = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export function renderClusterMarkdown(report: ClusterReport): string {
  const { machine, settings } = report;
  const out: string[] = [];
  out.push(`# Instances behind nginx (${report.mode})`, '');
  out.push(`${report.at} · ${machine.cores} cores (${machine.cpu}) · ${machine.memoryGiB} GiB · node ${machine.node} · load average at start ${machine.loadAverage.join(' / ')} · ${report.durationS} s`, '');
  out.push(
    `Settings: ${settings.viewers.map(int).join(' and ')} viewers on ONE artifact, connected to \`ws://<nginx>/collab\` with no document in the URL (nginx spreads them over the instances by request id); ` +
      `one agent posting one \`text.append\` op batch every ${fmt(1_000 / settings.editsPerS)} ms through nginx (open loop, at most ${MAX_IN_FLIGHT} in flight); ` +
      `${settings.repeats} window(s) of ${settings.windowMs / 1_000} s (medians); PostgreSQL 15 with fsync on, Redis 7 without persistence, nginx with 1 worker, every instance and the load generator on the same ${machine.cores} cores, nothing pinned. ` +
      'Latency: the batch\'s send (before its HTTP request) → a viewer\'s receipt of the update; every viewer, whichever instance it is on. CPU and Redis traffic: over the sending window (first batch sent → last batch answered), % of one core per process (nginx and PostgreSQL: all their processes).',
    '',
  );
  const sorted = [...report.rows].sort((a, b) => a.viewers - b.viewers || a.instances - b.instances || Number(a.redis) - Number(b.redis));
  const baseline = (r: ClusterRow) => report.rows.find((x) => x.viewers === r.viewers && x.instances === 1 && !x.redis);
  out.push('## Deliveries and latency', '');
  out.push(
    table(
      ['viewers', 'setup', 'viewers per instance', 'batches/s sent', 'agent ack p50 / p99 ms', 'p50 ms', 'p99 ms', 'max ms', 'delivered', 'deliveries/s', 'deliveries/s ÷ 1 instance without Redis', 'stored of acknowledged', 'Yjs viewers converged'],
      sorted.map((r) => [
        int(r.viewers),
        r.setup,
        r.viewersPerInstance.map(int).join(' / '),
        `${fmt(r.sentPerS)}${r.skipped || r.failed ? ` (**${r.skipped} skipped, ${r.failed} failed**)` : ''}`,
        `${fmt(r.ackP50Ms)} / ${fmt(r.ackP99Ms)}`,
        fmt(r.p50Ms),
        fmt(r.p99Ms),
        fmt(r.maxMs),
        `${fmt(r.deliveredPct)} %`,
        int(r.deliveriesPerS),
        baseline(r) && baseline(r) !== r ? `${fmt(r.deliveriesPerS / baseline(r)!.deliveriesPerS, 2)}×` : '',
        `${int(r.convergence.stored)} of ${int(r.convergence.acknowledged)}${r.convergence.stored < r.convergence.acknowledged ? ' **LOST ACKNOWLEDGED EDITS**' : ''}`,
        r.convergence.converged ? `yes (${r.convergence.yjsViewers})` : `**no** (${r.convergence.yjsViewers})`,
      ]),
    ),
    '',
  );
  out.push('## CPU per process (% of one core; the machine has ' + machine.cores + ' cores = ' + machine.cores * 100 + ' %)', '');
  out.push(
    table(
      ['viewers', 'setup', 'each instance', 'instances total', 'instances total at rest', 'nginx', 'Redis', 'PostgreSQL', 'viewer swarm', 'agent', 'all', 'instance CPU per 1,000 deliveries/s'],
      sorted.map((r) => {
        const instances = r.cpu.instances.reduce((a, b) => a + b, 0);
        const all = instances + r.cpu.nginx + (r.cpu.redis ?? 0) + r.cpu.postgres + r.cpu.swarm + r.cpu.agent;
        return [
          int(r.viewers),
          r.setup,
          r.cpu.instances.map(pct).join(' / '),
          pct(instances),
          pct(r.atRest.instancesCpuPct),
          pct(r.cpu.nginx),
          r.redis ? pct(r.cpu.redis) : 'n/a',
          pct(r.cpu.postgres),
          pct(r.cpu.swarm),
          pct(r.cpu.agent),
          pct(all),
          r.deliveriesPerS > 0 ? `${fmt((instances / r.deliveriesPerS) * 1_000)} %` : '–',
        ];
      }),
    ),
    '',
  );
  const withRedis = sorted.filter((r) => r.redisPerS);
  if (withRedis.length) {
    out.push('## Redis fan-out', '');
    out.push(
      'PUBLISH calls, all commands and bytes through Redis per second over the window; "at rest": the same viewers connected for as long with no edit (what keepalives and awareness queries publish); the last two columns: the instances with Redis against one instance without, at the same load. How a change reaches another instance (the Hocuspocus Redis extension): the writing instance publishes its state vector (SyncStep1, one per document per event-loop turn with changes, so batches announced in the same turn share one); every other instance replies with what the writer lacks plus its own state vector, and the writer answers that with the update itself: three Redis hops, and about 1 + 2 × (instances − 1) PUBLISH per turn with changes.',
      '',
    );
    out.push(
      table(
        ['viewers', 'setup', 'PUBLISH/s', 'PUBLISH/s at rest', 'PUBLISH per batch', 'commands/s', 'in KB/s', 'out KB/s', 'Redis CPU', 'instance CPU total', 'instance CPU, 1 instance without Redis'],
        withRedis.map((r) => {
          const base = baseline(r);
          return [
            int(r.viewers),
            r.setup,
            fmt(r.redisPerS!.publishes),
            fmt(r.atRest.redisPublishesPerS),
            r.sentPerS > 0 ? fmt(r.redisPerS!.publishes / r.sentPerS, 2) : '–',
            fmt(r.redisPerS!.commands),
            fmt(r.redisPerS!.inKB),
            fmt(r.redisPerS!.outKB),
            pct(r.cpu.redis),
            pct(r.cpu.instances.reduce((a, b) => a + b, 0)),
            base ? pct(base.cpu.instances[0]) : '–',
          ];
        }),
      ),
      '',
    );
  }
  const dropped = sorted.filter((r) => Object.keys(r.drops).length);
  if (dropped.length) out.push('## Sockets closed by the server', '', table(['viewers', 'setup', 'closed'], dropped.map((r) => [int(r.viewers), r.setup, Object.entries(r.drops).map(([k, n]) => `${n} (${k})`).join(', ')])), '');
  if (report.errors.length) out.push('## Errors', '', table(['setup', 'viewers', 'error'], report.errors.map((e) => [e.setup, e.viewers === undefined ? '' : int(e.viewers), e.message.replace(/\|/g, '\\|').replace(/\n/g, ' ')])), '');
  return `${out.join('\n')}\n`;
}
