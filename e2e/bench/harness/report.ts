import type { HarnessReport } from './index.ts';
import { round } from './report-math.ts';
import type { LatencyRow } from './rows/latency.ts';
import { SERVER_SPECS } from './servers/index.ts';

export interface TargetCheck {
  target: string;
  measured: string;
  limit: string;
  result: 'pass' | 'miss' | 'not measured';
}

const fmt = (x: number | undefined, digits = 1) => (x === undefined || !Number.isFinite(x) ? '–' : String(round(x, digits)));
const int = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : Math.round(x).toLocaleString('en-US'));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? '–' : `${round(a / b, 2)}×`);
/** Ours and its variants (on PostgreSQL, with telemetry): the rows compared with the anchors. */
const isOurs = (server: string) => server === 'ours' || server.startsWith('ours-');
/** "PostgreSQL CPU" cell: % of one core, or "–" for a server without a database of its own. */
const dbCpu = (pct: number | undefined) => (pct === undefined || !Number.isFinite(pct) ? '–' : `${pct} %`);
const table = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** Highest deliveries/s among the ramp steps that met the limit, per server. */
export function maxDeliveries(report: HarnessReport, server: string): LatencyRow | undefined {
  const limit = report.settings.ramp?.p99LimitMs ?? 100;
  return report.ramp.filter((r) => r.server === server && r.p99Ms < limit && r.deliveredPct >= 99).sort((a, b) => b.deliveriesPerS - a.deliveriesPerS)[0];
}

/** The issue's targets (2-core machine), each with what this run measured. */
export function checkTargets(report: HarnessReport): TargetCheck[] {
  const cell = (server: string) => report.latency.find((r) => r.server === server && r.viewers === 1_000 && r.editsPerS === 20);
  const check = (target: string, measured: number | undefined, limit: number, limitText: string, unit: string): TargetCheck =>
    measured === undefined || !Number.isFinite(measured)
      ? { target, measured: '–', limit: limitText, result: 'not measured' }
      : { target, measured: `${fmt(measured, 2)}${unit}`, limit: limitText, result: measured <= limit ? 'pass' : 'miss' };
  const ours = cell('ours');
  const relay = cell('relay');
  const oursMax = maxDeliveries(report, 'ours');
  const relayMax = maxDeliveries(report, 'relay');
  const rampRan = report.ramp.some((r) => r.server === 'ours') && report.ramp.some((r) => r.server === 'relay');
  const rss = report.connections.filter((c) => c.server === 'ours').sort((a, b) => b.viewers - a.viewers)[0];
  const doc = report.documents.find((d) => d.server === 'ours' && d.sections === 10_000);
  return [
    check('p99 edit→viewer at 1,000 viewers × 20 edits/s, ours ÷ relay', ours && relay ? ours.p99Ms / relay.p99Ms : undefined, 1.5, '≤ 1.5×', '×'),
    check('p99 edit→viewer at 1,000 viewers × 20 edits/s', ours?.p99Ms, 50, '≤ 50 ms', ' ms'),
    // Higher is better: compare the shortfall instead.
    (() => {
      if (!rampRan) return { target: 'max sustained deliveries/s, ours ÷ relay', measured: '–', limit: '≥ 60 %', result: 'not measured' as const };
      const share = relayMax ? (oursMax?.deliveriesPerS ?? 0) / relayMax.deliveriesPerS : Number.NaN;
      return { target: 'max sustained deliveries/s, ours ÷ relay', measured: `${fmt(share * 100, 0)} % (${int(oursMax?.deliveriesPerS)} / ${int(relayMax?.deliveriesPerS)})`, limit: '≥ 60 %', result: share >= 0.6 ? ('pass' as const) : ('miss' as const) };
    })(),
    check(`RSS per viewer connection${rss ? ` (${int(rss.viewers)} viewers)` : ''}`, rss?.rssPerViewerKB, 20, '≤ 20 KB', ' KB'),
    check('heap of a loaded 10,000-section document', doc?.heapMB, 40, '≤ 40 MB', ' MB'),
    check('cold load of the 10,000-section document ÷ bare Y.applyUpdate', doc ? doc.coldLoadMs / doc.applyUpdateMs : undefined, 2, '≤ 2×', '×'),
  ];
}

export function renderMarkdown(report: HarnessReport): string {
  const { machine, settings } = report;
  const out: string[] = [];
  out.push(`# Benchmark harness (${report.mode})`, '');
  out.push(`${report.at} · ${machine.cores} cores (${machine.cpu}) · ${machine.memoryGiB} GiB · node ${machine.node} · ${report.durationS} s`, '');
  out.push(
    `Settings: grid ${settings.grid.viewers.join('/')} viewers × ${settings.grid.editsPerS.join('/')} edits/s, ${settings.grid.repeats} repeats of ${settings.grid.windowMs / 1_000} s (medians); ` +
      `perMessageDeflate off; presence (awareness) off; ${machine.pinned ? 'server (and the PostgreSQL of a server on PostgreSQL) pinned to core 1, agent + viewer swarm + Chromium to core 0' : 'not pinned'}; ` +
      'one agent = a real Yjs editor (one update per edit), viewers read frames and find the send time in the raw bytes; CPU = % of one core during the measured windows.',
    '',
  );
  out.push('Servers:', ...report.servers.map((s) => `- **${s.name}**: ${s.label}; ${Object.entries(s.features).map(([k, v]) => `${k}: ${v}`).join('; ')}`), '');
  const withDatabase = report.servers.some((s) => SERVER_SPECS[s.name]?.postgres);
  if (withDatabase) out.push('"PostgreSQL CPU": all processes of the PostgreSQL of a server on PostgreSQL (postmaster, backends, WAL writer; exited backends included), % of one core over the same window as "server CPU".', '');

  out.push('## Targets', '', table(['target', 'measured', 'limit', 'result'], checkTargets(report).map((t) => [t.target, t.measured, t.limit, t.result === 'miss' ? '**miss**' : t.result])), '');

  const byCell = (rows: LatencyRow[], r: LatencyRow, server: string) => rows.find((x) => x.server === server && x.viewers === r.viewers && x.editsPerS === r.editsPerS);
  const latencyTable = (rows: LatencyRow[]) =>
    table(
      ['viewers × edits/s', 'server', 'p50 ms', 'p99 ms', 'max ms', 'delivered', 'deliveries/s', 'agent ack p50 ms', 'server CPU', ...(withDatabase ? ['PostgreSQL CPU'] : []), 'client CPU', 'p99 ours ÷ relay', 'p99 ours ÷ hocuspocus'],
      rows.map((r) => [
        `${int(r.viewers)} × ${r.editsPerS}`,
        r.server,
        fmt(r.p50Ms),
        fmt(r.p99Ms),
        fmt(r.maxMs),
        `${fmt(r.deliveredPct)} %`,
        int(r.deliveriesPerS),
        fmt(r.ackP50Ms),
        `${r.serverCpuPct} %`,
        ...(withDatabase ? [dbCpu(r.databaseCpuPct)] : []),
        `${r.clientCpuPct} %`,
        isOurs(r.server) ? ratio(r.p99Ms, byCell(rows, r, 'relay')?.p99Ms) : '',
        isOurs(r.server) ? ratio(r.p99Ms, byCell(rows, r, 'hocuspocus')?.p99Ms) : '',
      ]),
    );
  const sortCells = (rows: LatencyRow[]) => [...rows].sort((a, b) => a.viewers - b.viewers || a.editsPerS - b.editsPerS);
  if (report.latency.length) out.push(`## Edit → viewer latency (medians of ${settings.grid.repeats})`, '', latencyTable(sortCells(report.latency)), '');

  if (report.ramp.length && settings.ramp) {
    const servers = [...new Set(report.ramp.map((r) => r.server))];
    const relayMax = maxDeliveries(report, 'relay');
    const hpMax = maxDeliveries(report, 'hocuspocus');
    out.push(`## Highest sustained deliveries/s (${int(settings.ramp.viewers)} viewers, p99 < ${settings.ramp.p99LimitMs} ms and ≥ 99 % delivered; medians of ${settings.ramp.repeats})`, '');
    out.push(
      table(
        ['server', 'max deliveries/s', 'at edits/s', 'p99 ms there', 'server CPU', 'client CPU', 'first step missed', 'ours ÷ relay', 'ours ÷ hocuspocus'],
        servers.map((s) => {
          const best = maxDeliveries(report, s);
          const missed = report.ramp.find((r) => r.server === s && !(r.p99Ms < settings.ramp!.p99LimitMs && r.deliveredPct >= 99));
          return [
            s,
            int(best?.deliveriesPerS ?? 0),
            best ? String(best.editsPerS) : `< ${settings.ramp!.editsPerS[0]}`,
            fmt(best?.p99Ms),
            best ? `${best.serverCpuPct} %` : '–',
            best ? `${best.clientCpuPct} %` : '–',
            missed ? `${missed.editsPerS}/s: p99 ${fmt(missed.p99Ms)} ms, ${fmt(missed.deliveredPct)} % delivered, server ${missed.serverCpuPct} %, client ${missed.clientCpuPct} %` : 'none',
            isOurs(s) ? ratio(best?.deliveriesPerS ?? 0, relayMax?.deliveriesPerS) : '',
            isOurs(s) ? ratio(best?.deliveriesPerS ?? 0, hpMax?.deliveriesPerS) : '',
          ];
        }),
      ),
      '',
    );
  }

  if (report.idle.length) {
    out.push(
      '## At idle (right after start, no socket open; after a full GC)',
      '',
      table(
        ['server', 'RSS MB', 'heap MB', ...(withDatabase ? ['PostgreSQL PSS MB (all its processes)', 'server RSS + PostgreSQL PSS MB'] : []), 'RSS ÷ ours'],
        report.idle.map((r) => [
          r.server,
          fmt(r.rssMB),
          fmt(r.heapMB),
          ...(withDatabase ? [fmt(r.databasePssMB), r.databasePssMB === undefined ? '–' : fmt(r.rssMB + r.databasePssMB)] : []),
          r.server === 'ours' ? '' : ratio(r.rssMB + (r.databasePssMB ?? 0), report.idle.find((x) => x.server === 'ours')?.rssMB),
        ]),
      ),
      '',
    );
  }

  if (report.connections.length) {
    const drops = (d: Record<string, number>) => Object.entries(d).map(([reason, n]) => `**${int(n)}** (${reason})`).join(', ') || 'none';
    const stored = (s: (typeof report.connections)[number]['stored']) => (s ? `${int(s.stored)} of ${int(s.sent)} sent, ${int(s.acknowledged)} acknowledged${s.stored < s.acknowledged ? ' **LOST ACKNOWLEDGED EDITS**' : ''}` : 'n/a');
    out.push(
      '## Connections',
      '',
      'Viewers keep their sockets as providers do: a keepalive every 15 s (Hocuspocus drops a socket silent for 60 s) and, on our server, every renewed token. "Dropped" counts sockets the server closed during the cell.',
      '',
      table(
        ['server', 'viewers', 'RSS per viewer KB', 'connect + sync all ms', 'real Yjs viewers converged', 'dropped by the server', 'edits stored'],
        report.connections.map((c) => [c.server, int(c.viewers), fmt(c.rssPerViewerKB), int(c.connectMs), c.converged === undefined ? 'n/a (no document)' : c.converged ? 'yes' : '**no**', drops(c.drops), stored(c.stored)]),
      ),
      '',
    );
  }

  if (report.documents.length) {
    out.push(
      `## Loaded documents (mixed sections; medians of ${settings.documents?.repeats ?? 1}; server restarted before each)`,
      '',
      'Cold load: socket open → the whole document received, on a server restarted before each repeat and warmed up with one smaller document; timed apart from the heap readings (a forced collection before a load slowed it 2–5×). Bare apply: in the warm harness process (the target\'s reference), and in a fresh process after the same warm-up, as a restarted server has it.',
      '',
      table(
        ['sections', 'server', 'bytes', 'heap MB', 'RSS MB', 'cold load ms', 'server CPU ms', 'bare Y.applyUpdate ms', 'cold ÷ apply', 'fresh-process apply ms', 'cold ÷ fresh apply', 'heap ours ÷ hocuspocus'],
        [...report.documents]
          .sort((a, b) => a.sections - b.sections)
          .map((d) => [
            int(d.sections),
            d.server,
            int(d.bytes),
            fmt(d.heapMB, 2),
            fmt(d.rssMB),
            fmt(d.coldLoadMs),
            int(d.serverCpuMs),
            fmt(d.applyUpdateMs),
            ratio(d.coldLoadMs, d.applyUpdateMs),
            fmt(d.freshApplyMs),
            ratio(d.coldLoadMs, d.freshApplyMs),
            isOurs(d.server) ? ratio(d.heapMB, report.documents.find((x) => x.server === 'hocuspocus' && x.sections === d.sections)?.heapMB) : '',
          ]),
      ),
      '',
    );
  }

  if (report.reconnect.length) {
    out.push(
      `## Reconnect after a restart (SIGTERM, SIGKILL if not exited after 5 s; same port and data; medians of ${settings.reconnect?.repeats ?? 1})`,
      '',
      table(
        ['server', 'viewers', 'listening → all resynced ms', 'SIGTERM → all resynced ms', 'SIGTERM → exited ms', 'process start ms', 'resynced', 'server CPU', ...(withDatabase ? ['PostgreSQL CPU'] : []), 'client CPU'],
        report.reconnect.map((r) => [r.server, int(r.viewers), int(r.resyncMs), int(r.totalMs), `${int(r.stopMs)}${r.forcedStops ? ` (**no exit in 5 s, killed ${r.forcedStops}/${r.repeats}**)` : ''}`, int(r.startMs), `${int(r.resynced)}${r.denials ? ` (${r.denials} denials retried: ${r.firstError ?? ''})` : ''}`, `${r.serverCpuPct} %`, ...(withDatabase ? [dbCpu(r.databaseCpuPct)] : []), `${r.clientCpuPct} %`]),
      ),
      '',
    );
  }

  if (report.durableOps.length) {
    out.push(
      `## Durable op batches/s, one agent (our server and its variants only: one-op batches over HTTP, answered after commit; medians of ${settings.durableOps?.repeats ?? 1})`,
      '',
      table(
        ['server', 'in flight', 'socket viewers', 'batches/s', 'ack p50 ms', 'ack p99 ms', 'server CPU', ...(withDatabase ? ['PostgreSQL CPU'] : []), 'client CPU'],
        report.durableOps.map((r) => [r.server, String(r.inFlight), String(r.viewers), int(r.batchesPerS), fmt(r.ackP50Ms), fmt(r.ackP99Ms), `${r.serverCpuPct} %`, ...(withDatabase ? [dbCpu(r.databaseCpuPct)] : []), `${r.clientCpuPct} %`]),
      ),
      '',
    );
  }

  if (report.paint.length) {
    out.push(
      '## Edit → paint in Chromium (our server and its variants, HTTP op → painted frame)',
      '',
      table(
        ['server', 'ops', 'p50 ms', 'p99 ms', 'max ms', 'HTTP ack p50 ms', 'server CPU', 'client CPU (harness only)'],
        report.paint.map((p) => [p.server, String(p.count), fmt(p.opToPaintMs.median), fmt(p.opToPaintMs.p99), fmt(p.opToPaintMs.max), fmt(p.httpAckMs.median), `${p.serverCpuPct} %`, `${p.clientCpuPct} %`]),
      ),
      '',
    );
  }

  for (const p of report.profiles) {
    out.push(`## Where our server's time goes (CPU profile, ${p.cell}; ${p.file})`, '');
    out.push(table(['package', 'self %'], p.packages.map((l) => [l.name, fmt(l.selfPct)])), '');
    out.push(table(['function', 'self %'], p.functions.map((l) => [`\`${l.name}\``, fmt(l.selfPct)])), '');
  }

  if (report.errors.length) out.push('## Errors', '', table(['server', 'row', 'error'], report.errors.map((e) => [e.server, e.row, e.message.replace(/\|/g, '\\|').replace(/\n/g, ' ')])), '');
  return `${out.join('\n')}\n`;
}
