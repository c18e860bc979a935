import { z } from 'zod';
import type { ArtifactJSON, Section } from '../schema/types.ts';
import { CHART_KINDS, METRIC_DIRECTIONS, SECTION_TYPES, SEVERITIES, TONES } from '../schema/types.ts';

/*
 * The artifact JSON as the server answers it (`GET /api/artifacts/:id`, a version's JSON):
 * the document model of shared/schema, as a schema. Unlike the op schemas (what an agent may
 * send), these describe what a reader gets, so they carry no limits; `Same` below keeps them
 * equal to the model's types.
 */

/** Compiles only when A and B are the same type. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;

const cell = z.union([z.string(), z.number()]);
export const chartPointSchema = z.tuple([z.union([z.number(), z.string()]), z.number()]);
export const chartSeriesSchema = z.object({ name: z.string(), points: z.array(chartPointSchema) });
export const timelineEventSchema = z.object({
  id: z.string(),
  at: z.string().describe('ISO 8601'),
  title: z.string(),
  body: z.string().optional(),
  severity: z.enum(SEVERITIES).optional(),
  actor: z.string().optional(),
});
export const checklistItemSchema = z.object({ id: z.string(), text: z.string(), done: z.boolean(), owner: z.string().optional() });
export const metricItemSchema = z.object({ label: z.string(), value: cell, unit: z.string().optional(), delta: cell.optional(), better: z.enum(METRIC_DIRECTIONS).optional() });

const base = { id: z.string(), title: z.string().optional() };
export const sectionSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('markdown'), text: z.string() }),
  z.object({ ...base, type: z.literal('code'), language: z.string(), code: z.string(), diff: z.string().optional(), collapsed: z.boolean().optional() }),
  z.object({ ...base, type: z.literal('chart'), chart: z.enum(CHART_KINDS), xLabel: z.string().optional(), yLabel: z.string().optional(), series: z.array(chartSeriesSchema) }),
  z.object({ ...base, type: z.literal('timeline'), events: z.array(timelineEventSchema) }),
  z.object({ ...base, type: z.literal('checklist'), items: z.array(checklistItemSchema) }),
  z.object({ ...base, type: z.literal('table'), columns: z.array(z.string()), rows: z.array(z.array(cell)) }),
  z.object({ ...base, type: z.literal('callout'), tone: z.enum(TONES), text: z.string() }),
  z.object({ ...base, type: z.literal('metrics'), items: z.array(metricItemSchema) }),
  z.object({ ...base, type: z.literal('image'), src: z.string().describe('A data:image/... URI'), alt: z.string() }),
]);

export const artifactJsonSchema = z.object({
  id: z.string(),
  meta: z.object({ title: z.string(), kind: z.string(), emoji: z.string().optional(), status: z.string().optional() }),
  sections: z.array(sectionSchema),
});

export const sectionTypeSchema = z.enum(SECTION_TYPES);

const _sameSection: Same<z.infer<typeof sectionSchema>, Section> = true;
const _sameArtifact: Same<z.infer<typeof artifactJsonSchema>, ArtifactJSON> = true;
void [_sameSection, _sameArtifact];
