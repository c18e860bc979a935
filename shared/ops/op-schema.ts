import { z } from 'zod';
import { CHART_KINDS, METRIC_DIRECTIONS, SECTION_TYPES, SEVERITIES, TONES } from '../schema/types.ts';
import { storableText } from '../text/index.ts';

/*
 * The wire form of ops (the body of `POST /api/artifacts/:id/ops`). Objects are strict: an unknown or misspelt field
 * is an error, not silently ignored, so an agent learns about its typo at once. Every string is
 * a `storableText()`: text PostgreSQL cannot store is refused here (`invalid_text`), before it
 * could reach the document and make every later batch of the artifact fail.
 */

const id = storableText().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'ids use letters, digits and _ . : -');
const label = storableText().max(1_000);
const isoTime = storableText()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, 'must be an ISO 8601 time with zone, e.g. 2026-11-21T10:00:00Z')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a valid date');
const finite = z.number().finite();
const point = z.tuple([z.union([finite, label]), finite]);
const cell = z.union([storableText(), finite]);

export const timelineEventSchema = z.strictObject({
  id: id.optional(),
  at: isoTime,
  title: label.min(1),
  body: storableText().optional(),
  severity: z.enum(SEVERITIES).optional(),
  actor: label.optional(),
});

export const checklistItemSchema = z.strictObject({
  id,
  text: label.optional(),
  done: z.boolean().optional(),
  owner: label.optional(),
});

const seriesSchema = z.strictObject({ name: label, points: z.array(point) });
export const metricSchema = z.strictObject({
  label,
  value: z.union([finite, label]),
  unit: label.optional(),
  delta: z.union([finite, label]).optional(),
  /** Which way is good; absent means higher. */
  better: z.enum(METRIC_DIRECTIONS).optional(),
});

/**
 * Every field a section may carry. Which ones apply to which type is checked after parsing
 * (see `validate.ts`), so a section.upsert on an existing section may send only the fields
 * it replaces.
 */
export const sectionFieldsSchema = z.strictObject({
  id: id.optional(),
  type: z.enum(SECTION_TYPES).optional(),
  title: label.optional(),
  text: storableText().optional(),
  language: storableText().max(50).optional(),
  code: storableText().optional(),
  diff: storableText().optional(),
  collapsed: z.boolean().optional(),
  chart: z.enum(CHART_KINDS).optional(),
  xLabel: label.optional(),
  yLabel: label.optional(),
  series: z.array(seriesSchema).optional(),
  events: z.array(timelineEventSchema).optional(),
  items: z.array(z.union([checklistItemSchema, metricSchema])).optional(),
  columns: z.array(label).optional(),
  rows: z.array(z.array(cell)).optional(),
  tone: z.enum(TONES).optional(),
  src: storableText().optional(),
  alt: label.optional(),
});

const after = z.union([id, z.null()]);

export const opSchema = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('meta.set'),
    title: label.optional(),
    kind: storableText().max(50).optional(),
    emoji: storableText().max(16).optional(),
    status: storableText().max(50).optional(),
  }),
  z.strictObject({ op: z.literal('section.upsert'), section: sectionFieldsSchema, after: after.optional() }),
  z.strictObject({ op: z.literal('section.remove'), id }),
  z.strictObject({ op: z.literal('section.move'), id, after }),
  z
    .strictObject({ op: z.literal('text.append'), id, text: storableText() })
    .describe('Appends to the body of a markdown or callout section (`text`) or a code section (`code`, verbatim: how logs are streamed).'),
  z
    .strictObject({ op: z.literal('text.set'), id, text: storableText() })
    .describe('Replaces the body of a markdown or callout section (`text`) or a code section (`code`).'),
  z.strictObject({ op: z.literal('timeline.append'), id, event: timelineEventSchema }),
  z.strictObject({ op: z.literal('chart.append'), id, series: label, points: z.array(point).min(1) }),
  z.strictObject({ op: z.literal('checklist.set'), id, item: checklistItemSchema }),
  z.strictObject({ op: z.literal('table.append'), id, rows: z.array(z.array(cell)).min(1) }),
]);

export type Op = z.infer<typeof opSchema>;
export type OpName = Op['op'];
export type SectionFields = z.infer<typeof sectionFieldsSchema>;
export type TimelineEventInput = z.infer<typeof timelineEventSchema>;
export type ChecklistItemInput = z.infer<typeof checklistItemSchema>;
export type MetricInput = z.infer<typeof metricSchema>;
/** An id of a section, event or checklist item, as ops take it. */
export const itemIdSchema = id;
export const OP_NAMES: readonly OpName[] = opSchema.options.map((o) => o.shape.op.value);
