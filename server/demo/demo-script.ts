import type { Op } from '#shared';

export const DEMO_TITLE = 'Incident: checkout latency spike';

/** Timeline length at which the demo starts a fresh investigation, so it never grows unbounded. */
const RESET_AFTER_STEPS = 60;

const FINDINGS = [
  ['Alert fired', 'p99 latency on `/checkout` above 1.2 s for 5 minutes.', 'critical'],
  ['Dashboards checked', 'Error rate flat; latency concentrated on the payments call.', 'warning'],
  ['Deploy correlated', 'Release 2026.11.21-3 shipped 4 minutes before the alert.', 'warning'],
  ['Hypothesis', 'The new retry policy triples calls to the payments API under load.', 'info'],
  ['Mitigation started', 'Feature flag `payments-retry-v2` turned off for 10% of traffic.', 'info'],
  ['Latency recovering', 'p99 down to 640 ms in the flagged cohort.', 'info'],
  ['Flag off everywhere', 'Retry policy v2 disabled for all traffic.', 'warning'],
  ['Resolved', 'p99 back under 300 ms; keeping the flag off pending a fix.', 'resolved'],
] as const;

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function demoSeed(now: Date): Op[] {
  const start = now.getTime() - 20 * 60_000;
  const points = Array.from({ length: 12 }, (_, i) => [i, Math.round(220 + 40 * Math.sin(i / 2) + (i > 7 ? 600 : 0))] as [number, number]);
  return [
    { op: 'meta.set', title: DEMO_TITLE, kind: 'incident', emoji: '🚨', status: 'investigating' },
    {
      op: 'section.upsert',
      section: {
        id: 'metrics',
        type: 'metrics',
        title: 'Right now',
        items: [
          { label: 'p99 latency', value: 1240, unit: 'ms', delta: '+410%' },
          { label: 'Error rate', value: 0.4, unit: '%', delta: 0 },
          { label: 'Checkouts / min', value: 812, delta: -96 },
        ],
      },
    },
    { op: 'section.upsert', section: { id: 'status', type: 'callout', tone: 'danger', text: '**Customer impact:** checkout is slow for about 30% of users.' } },
    {
      op: 'section.upsert',
      section: { id: 'latency', type: 'chart', title: 'Checkout p99 latency', chart: 'line', xLabel: 'minute', yLabel: 'ms', series: [{ name: 'p99', points }] },
    },
    {
      op: 'section.upsert',
      section: {
        id: 'timeline',
        type: 'timeline',
        title: 'Timeline',
        events: [{ id: 'start', at: iso(new Date(start)), title: 'Investigation opened', body: 'The agent is watching metrics and deploys.', severity: 'info', actor: 'demo-agent' }],
      },
    },
    {
      op: 'section.upsert',
      section: {
        id: 'actions',
        type: 'checklist',
        title: 'Action items',
        items: [
          { id: 'page', text: 'Page the payments on-call', done: true, owner: 'agent' },
          { id: 'flag', text: 'Turn off payments-retry-v2', done: false },
          { id: 'fix', text: 'Cap retries at 1 with jitter', done: false },
          { id: 'postmortem', text: 'Write the postmortem', done: false },
        ],
      },
    },
    { op: 'section.upsert', section: { id: 'notes', type: 'markdown', title: 'Investigation notes', text: 'Started from the latency alert.\n' } },
    {
      op: 'section.upsert',
      section: {
        id: 'patch',
        type: 'code',
        title: 'Proposed fix',
        language: 'ts',
        code: '',
        diff: '--- a/payments/retry.ts\n+++ b/payments/retry.ts\n@@ -3,3 +3,3 @@\n export const retryPolicy = {\n-  maxAttempts: 3,\n+  maxAttempts: 1,\n   backoffMs: 200,\n',
      },
    },
  ];
}

/** One step of the demo: a new timeline event, a chart point, a metric and a note. */
export function nextDemoStep(step: number, now: Date): Op[] {
  if (step > 0 && step % RESET_AFTER_STEPS === 0) return demoSeed(now);
  const n = step % RESET_AFTER_STEPS;
  const [title, body, severity] = FINDINGS[n % FINDINGS.length] as (typeof FINDINGS)[number];
  const latency = Math.round(300 + 900 * Math.exp(-n / 12) + 60 * Math.sin(n));
  const ops: Op[] = [
    { op: 'timeline.append', id: 'timeline', event: { at: iso(now), title: `${title} (#${n + 1})`, body, severity, actor: 'demo-agent' } },
    { op: 'chart.append', id: 'latency', series: 'p99', points: [[12 + n, latency]] },
    {
      op: 'section.upsert',
      section: {
        id: 'metrics',
        items: [
          { label: 'p99 latency', value: latency, unit: 'ms', delta: `${latency > 300 ? '+' : ''}${Math.round(((latency - 300) / 300) * 100)}%` },
          { label: 'Error rate', value: Number((0.4 + 0.1 * Math.sin(n)).toFixed(2)), unit: '%', delta: 0 },
          { label: 'Checkouts / min', value: 812 + n * 7, delta: n * 7 },
        ],
      },
    },
    { op: 'text.append', id: 'notes', text: `- ${iso(now).slice(11, 16)} ${body}\n` },
  ];
  if (n === 4) ops.push({ op: 'checklist.set', id: 'actions', item: { id: 'flag', done: true, owner: 'agent' } });
  if (n === 7) ops.push({ op: 'meta.set', status: 'mitigated' }, { op: 'section.upsert', section: { id: 'status', tone: 'success', text: 'Mitigated: latency is back to normal.' } });
  return ops;
}
