import { z } from 'zod';
import type { ArtifactDiff } from '../diff/types.ts';
import { CHART_KINDS, TONES } from '../schema/types.ts';
import { chartPointSchema, chartSeriesSchema, checklistItemSchema, metricItemSchema, sectionSchema, timelineEventSchema, type Same } from './artifact-json.ts';

/** `GET /api/artifacts/:id/diff`: the section-level diff of shared/diff, as a schema (kept equal to its types below). */

const valueChange = <T extends z.ZodType>(value: T) => z.object({ from: value.nullable(), to: value.nullable() });
const hunks = z.array(
  z.discriminatedUnion('op', [
    z.object({ op: z.enum(['add', 'remove']), lines: z.array(z.string()) }),
    z.object({ op: z.literal('equal'), lines: z.array(z.string()), skipped: z.int().optional() }),
  ]),
);
const keyed = <T extends z.ZodType>(entry: T) =>
  z.object({ added: z.array(entry), removed: z.array(entry), changed: z.array(z.object({ key: z.string(), from: entry, to: entry })), reordered: z.literal(true).optional() });
const multiset = <T extends z.ZodType>(entry: T) => z.object({ added: z.array(entry), removed: z.array(entry) });
const cells = z.array(z.union([z.string(), z.number()]));

/** What every changed section carries besides the details of its type. */
const changed = {
  id: z.string(),
  label: z.string().optional(),
  fromIndex: z.int(),
  toIndex: z.int(),
  title: valueChange(z.string()).optional(),
};

const changedSectionSchema = z.discriminatedUnion('type', [
  z.object({ ...changed, type: z.literal('markdown'), text: hunks.optional() }),
  z.object({ ...changed, type: z.literal('callout'), tone: valueChange(z.enum(TONES)).optional(), text: hunks.optional() }),
  z.object({ ...changed, type: z.literal('code'), language: valueChange(z.string()).optional(), code: hunks.optional(), diff: hunks.optional() }),
  z.object({ ...changed, type: z.literal('timeline'), events: keyed(timelineEventSchema).optional() }),
  z.object({ ...changed, type: z.literal('checklist'), items: keyed(checklistItemSchema).optional() }),
  z.object({ ...changed, type: z.literal('metrics'), items: keyed(metricItemSchema).optional() }),
  z.object({ ...changed, type: z.literal('table'), columns: valueChange(z.array(z.string())).optional(), rows: multiset(cells).optional() }),
  z.object({
    ...changed,
    type: z.literal('chart'),
    chart: valueChange(z.enum(CHART_KINDS)).optional(),
    xLabel: valueChange(z.string()).optional(),
    yLabel: valueChange(z.string()).optional(),
    series: z
      .object({ added: z.array(chartSeriesSchema), removed: z.array(chartSeriesSchema), points: z.array(multiset(chartPointSchema).extend({ name: z.string() })) })
      .optional(),
  }),
  z.object({ ...changed, type: z.literal('image'), src: valueChange(z.string()).optional(), alt: valueChange(z.string()).optional() }),
]);

const placedSchema = z.object({ section: sectionSchema, index: z.int() });

export const artifactDiffSchema = z.object({
  meta: z.record(z.string(), valueChange(z.string())),
  added: z.array(placedSchema),
  removed: z.array(placedSchema),
  moved: z.array(z.object({ id: z.string(), label: z.string().optional(), fromIndex: z.int(), toIndex: z.int() })),
  changed: z.array(changedSectionSchema),
  summary: z.object({ added: z.int(), removed: z.int(), moved: z.int(), changed: z.int() }),
});

const _sameDiff: Same<z.infer<typeof artifactDiffSchema>, ArtifactDiff> = true;
void _sameDiff;
