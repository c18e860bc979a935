import { z } from 'zod';
import { opSchema, SECTION_FIELDS, type Op, type OpName } from '../ops/index.ts';
import { SECTION_TYPES, type SectionType } from '../schema/types.ts';
import { defineTool, READ_ONLY } from './tool.ts';

/*
 * The op language for a model, in one answer: the JSON Schema of `opSchema` itself (so it can
 * never disagree with what the server accepts) plus a worked example of every section type
 * and every op. The examples are applied in this order to an empty document by a test, so an
 * example that stops being valid fails the build rather than misleading an agent.
 */

/** One `section.upsert` per section type: what a new section of that type looks like. */
export const SECTION_EXAMPLES: Readonly<Record<SectionType, Op>> = {
  markdown: { op: 'section.upsert', section: { id: 'summary', type: 'markdown', title: 'Summary', text: '## What changed\nThe checkout service retries **once**, not three times.' } },
  code: { op: 'section.upsert', section: { id: 'patch', type: 'code', title: 'checkout/retry.ts', language: 'ts', code: 'export const RETRIES = 1;', diff: '@@ -1 +1 @@\n-export const RETRIES = 3;\n+export const RETRIES = 1;' } },
  chart: { op: 'section.upsert', section: { id: 'latency', type: 'chart', title: 'p99 latency', chart: 'line', xLabel: 'minute', yLabel: 'ms', series: [{ name: 'p99', points: [[0, 420], [1, 390]] }] } },
  timeline: { op: 'section.upsert', section: { id: 'timeline', type: 'timeline', title: 'Timeline', events: [{ id: 'alert', at: '2026-11-21T10:00:00Z', title: 'Alert fired', severity: 'critical', actor: 'pagerduty' }] } },
  checklist: { op: 'section.upsert', section: { id: 'review', type: 'checklist', title: 'Review checklist', items: [{ id: 'tests', text: 'Tests cover the retry path', done: false, owner: 'alice' }] } },
  table: { op: 'section.upsert', section: { id: 'files', type: 'table', title: 'Files changed', columns: ['file', '+', '−'], rows: [['checkout/retry.ts', 1, 1]] } },
  callout: { op: 'section.upsert', section: { id: 'risk', type: 'callout', tone: 'warning', text: 'Fewer retries raise the error rate seen by clients.' } },
  metrics: { op: 'section.upsert', section: { id: 'kpis', type: 'metrics', title: 'Now', items: [{ label: 'p99', value: 182, unit: 'ms', delta: -238, better: 'lower' }, { label: 'errors', value: '0.4%' }] } },
  image: { op: 'section.upsert', section: { id: 'pixel', type: 'image', src: 'data:image/png;base64,iVBORw0KGgo=', alt: 'A one-pixel image' } },
};

/** One example per op, valid once the sections above exist. */
export const OP_EXAMPLES: Readonly<Record<OpName, { example: Op; effect: string }>> = {
  'meta.set': { example: { op: 'meta.set', title: 'Checkout retries: walkthrough', kind: 'pr', emoji: '🔁', status: 'in review' }, effect: 'Sets the title, kind, emoji or status shown at the top.' },
  'section.upsert': {
    example: { op: 'section.upsert', section: { id: 'summary', title: 'Summary (updated)' } },
    effect: 'Creates a section (give `type` and its fields) or replaces only the fields given of an existing one. `after`: a section id, or null for first; absent = at the end for a new section.',
  },
  'section.move': { example: { op: 'section.move', id: 'risk', after: 'summary' }, effect: 'Moves a section after another (null = to the top).' },
  'text.append': { example: { op: 'text.append', id: 'summary', text: '\n\nRolled out to 10% at 10:20.' }, effect: 'Appends to a markdown or callout body: use it to stream text.' },
  'text.set': { example: { op: 'text.set', id: 'risk', text: 'Error rate unchanged after one hour.' }, effect: 'Replaces a markdown or callout body.' },
  'timeline.append': { example: { op: 'timeline.append', id: 'timeline', event: { at: '2026-11-21T10:05:00Z', title: 'Rollback started', severity: 'warning' } }, effect: 'Adds an event; events are kept in time order.' },
  'chart.append': { example: { op: 'chart.append', id: 'latency', series: 'p99', points: [[2, 210]] }, effect: 'Adds points to a series of a chart (the series is created if missing).' },
  'checklist.set': { example: { op: 'checklist.set', id: 'review', item: { id: 'tests', done: true } }, effect: 'Adds an item, or updates the item with that id (send only what changes).' },
  'table.append': { example: { op: 'table.append', id: 'files', rows: [['checkout/config.ts', 4, 0]] }, effect: 'Adds rows; each row has one cell per column.' },
  'section.remove': { example: { op: 'section.remove', id: 'pixel' }, effect: 'Removes a section.' },
};

/** Every example in the order that applies cleanly to an empty document. */
export function allExamples(): Op[] {
  return [...SECTION_TYPES.map((t) => SECTION_EXAMPLES[t]), ...Object.values(OP_EXAMPLES).map((e) => e.example)];
}

const RULES = [
  'Send ops with apply_ops as {"id": "<artifact id>", "ops": [...]}; a batch is all-or-nothing.',
  'Section ids are yours to choose (letters, digits, _ . : -); keep them stable so later batches update the same section.',
  'An invalid batch is refused with a stable code (e.g. section_not_found, field_not_allowed), the index of the first bad op and the path of the field.',
  'Image sources must be data:image/... URIs; nothing on the page may reference another site.',
  'Markdown is rendered without raw HTML.',
];

export const learnOps = defineTool({
  name: 'learn_ops',
  title: 'Learn the op language',
  description:
    'Returns everything needed to edit artifacts with apply_ops in one call: the JSON Schema of an op, every section type with its fields and an example, ' +
    'every op with its effect and an example, and the rules. Call it once before your first apply_ops. Takes no input: {}.',
  inputSchema: z.strictObject({}),
  outputSchema: z.object({
    opJsonSchema: z.record(z.string(), z.unknown()).describe('JSON Schema (2020-12) of one op'),
    sectionTypes: z.array(z.object({ type: z.enum(SECTION_TYPES), fields: z.array(z.string()), example: z.unknown() })),
    ops: z.array(z.object({ op: z.string(), effect: z.string(), example: z.unknown() })),
    rules: z.array(z.string()),
  }),
  annotations: READ_ONLY,
  async run() {
    return {
      opJsonSchema: z.toJSONSchema(opSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
      sectionTypes: SECTION_TYPES.map((type) => ({ type, fields: [...SECTION_FIELDS[type]], example: SECTION_EXAMPLES[type] })),
      ops: Object.entries(OP_EXAMPLES).map(([op, { effect, example }]) => ({ op, effect, example })),
      rules: RULES,
    };
  },
  summarize: ({ sectionTypes, ops, rules }) =>
    [
      `Section types: ${sectionTypes.map((s) => `${s.type} (${s.fields.join(', ')})`).join('; ')}.`,
      ...ops.map((o) => `${o.op}: ${o.effect} e.g. ${JSON.stringify(o.example)}`),
      ...rules,
    ].join('\n'),
});
