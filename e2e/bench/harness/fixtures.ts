import * as Y from 'yjs';
import { applyOps } from '#shared';

/** Documents the benchmarks load: the same op batches go to every server. */

/** The section every agent edit appends to. */
export const LOG_SECTION = 'log';

export const logSectionOps = (): unknown[][] => [[{ op: 'section.upsert', section: { id: LOG_SECTION, type: 'markdown', title: 'Agent log', text: '# Agent log\n' } }]];

/** `count` mixed sections (every section type but image), in batches of at most 1,000 ops. */
export function mixedSectionBatches(count: number, perBatch = 1_000): unknown[][] {
  const ops = mixedSections(count);
  const batches: unknown[][] = [];
  for (let i = 0; i < ops.length; i += perBatch) batches.push(ops.slice(i, i + perBatch));
  return batches;
}

export function mixedSections(count: number): unknown[] {
  const kinds = ['markdown', 'code', 'chart', 'checklist', 'table', 'callout', 'metrics', 'timeline'] as const;
  return Array.from({ length: count }, (_, i) => {
    const id = `s${i}`;
    switch (kinds[i % kinds.length]) {
      case 'markdown':
        return { op: 'section.upsert', section: { id, type: 'markdown', title: `Section ${i}`, text: `Some **markdown** for section ${i} with \`code\` and a list:\n\n- one\n- two\n- three` } };
      case 'code':
        return { op: 'section.upsert', section: { id, type: 'code', language: 'ts', code: `export function f${i}(x: number): number {\n  return x * ${i};\n}` } };
      case 'chart':
        return { op: 'section.upsert', section: { id, type: 'chart', chart: 'line', series: [{ name: 'p99', points: Array.from({ length: 20 }, (_, k) => [k, (k * 37 + i) % 100]) }] } };
      case 'checklist':
        return { op: 'section.upsert', section: { id, type: 'checklist', items: [1, 2, 3].map((k) => ({ id: `i${k}`, text: `Item ${k}`, done: k === 1 })) } };
      case 'table':
        return { op: 'section.upsert', section: { id, type: 'table', columns: ['service', 'p50', 'p99'], rows: [['api', 12, 80], ['db', 3, 20]] } };
      case 'callout':
        return { op: 'section.upsert', section: { id, type: 'callout', tone: 'warning', text: `Heads up about ${i}.` } };
      case 'metrics':
        return { op: 'section.upsert', section: { id, type: 'metrics', items: [{ label: 'rps', value: 1200 + i, delta: '+3%' }] } };
      default:
        return { op: 'section.upsert', section: { id, type: 'timeline', events: [{ id: 'e', at: '2026-11-21T10:00:00Z', title: `Event ${i}` }] } };
    }
  });
}

export function timelineBatches(events: number, perBatch: number): unknown[][] {
  const batches: unknown[][] = [];
  for (let start = 0; start < events; start += perBatch) {
    batches.push(
      Array.from({ length: perBatch }, (_, k) => {
        const n = start + k;
        return { op: 'timeline.append', id: 'tl', event: { id: `e${n}`, at: new Date(Date.UTC(2026, 10, 21) + n * 1_000).toISOString(), title: `Event ${n}`, body: `Details of **event** ${n}.`, severity: n % 10 === 0 ? 'warning' : 'info', actor: 'bench' } };
      }),
    );
  }
  return batches;
}

/** The same batches applied locally: the bytes baselines are seeded with. */
export function documentBytes(batches: unknown[][]): Uint8Array {
  const doc = new Y.Doc();
  let n = 0;
  for (const body of batches) applyOps(doc, { ops: body }, { newId: () => `id${n++}` });
  const bytes = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return bytes;
}
