import type * as Y from 'yjs';
import type { z } from 'zod';
import { findSection, hasTimelineEvent, sectionCountOf, sectionStats, type SectionStats } from '../schema/index.ts';
import type { SectionType } from '../schema/types.ts';
import { isUnstorableTextIssue, reportedIssue } from '../text/index.ts';
import { OpError } from './errors.ts';
import type { OpLimits } from './limits.ts';
import { OP_NAMES, opSchema, type Op, type SectionFields } from './op-schema.ts';

/** Fields each section type accepts besides `id`, `type` and `title`. */
export const SECTION_FIELDS: Readonly<Record<SectionType, readonly (keyof SectionFields)[]>> = {
  markdown: ['text'],
  code: ['language', 'code', 'diff', 'collapsed'],
  chart: ['chart', 'xLabel', 'yLabel', 'series'],
  timeline: ['events'],
  checklist: ['items'],
  table: ['columns', 'rows'],
  callout: ['tone', 'text'],
  metrics: ['items'],
  image: ['src', 'alt'],
};

const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|svg\+xml|avif);base64,[A-Za-z0-9+/=\s]+$/;

/** What validation needs to know of a section, real or created earlier in the same batch. */
type SimSection = SectionStats;

export interface ValidateOptions {
  limits: OpLimits;
  /** Makes ids for sections and events the agent left without one. */
  newId: () => string;
}

/**
 * Parses and checks a whole batch against the document as it would be after each earlier op
 * of the batch, without touching the document. Returns the ops with generated ids filled in,
 * or throws the first {@link OpError}.
 */
export function validateOps(doc: Y.Doc, body: unknown, options: ValidateOptions): Op[] {
  const { limits, newId } = options;
  const rawOps = readBatch(body, limits);
  const sim = new Map<string, SimSection | null>();
  const lookup = (id: string): SimSection | null => {
    if (sim.has(id)) return sim.get(id) ?? null;
    const map = findSection(doc, id);
    const real = map ? sectionStats(map) : null;
    sim.set(id, real);
    return real;
  };
  let sectionCount = sectionCountOf(doc);

  return rawOps.map((raw, index) => {
    const op = parseOp(raw, index);
    const fail = (code: ConstructorParameters<typeof OpError>[0], message: string): never => {
      throw new OpError(code, `op ${index} (${op.op}): ${message}`, index);
    };
    const existing = (id: string, types?: readonly SectionType[]): SimSection => {
      const section = lookup(id);
      if (!section) return fail('section_not_found', `no section with id "${id}"`);
      if (types && !types.includes(section.type)) {
        return fail('section_type_mismatch', `section "${id}" is a ${section.type}; this op needs ${types.join(' or ')}`);
      }
      return section;
    };
    const checkAfter = (after: string | null | undefined, self?: string) => {
      if (after === undefined || after === null) return;
      if (after === self) fail('invalid_position', 'a section cannot be placed after itself');
      existing(after);
    };
    const checkItems = (section: SimSection, added: number) => {
      if (section.itemCount + added > limits.maxItems) fail('too_many_items', `a section holds at most ${limits.maxItems} entries`);
      section.itemCount += added;
    };

    switch (op.op) {
      case 'meta.set':
        return op;
      case 'section.upsert': {
        const fields = { ...op.section };
        if (!fields.id) fields.id = newId();
        const current = lookup(fields.id);
        checkAfter(op.after, fields.id);
        const type = fields.type ?? current?.type;
        if (!type) return fail('missing_field', `new section "${fields.id}" needs a "type"`);
        if (current && current.type !== type) {
          return fail('section_type_mismatch', `section "${fields.id}" is a ${current.type}, not a ${type}; remove it first to change its type`);
        }
        checkSectionFields(fields, type, limits, !current, fail);
        if (fields.events) fields.events = fields.events.map((e) => ({ ...e, id: e.id ?? newId() }));
        if (!current) {
          if (++sectionCount > limits.maxSections) fail('too_many_sections', `an artifact holds at most ${limits.maxSections} sections`);
        }
        const next = current ?? { type, textChars: 0, itemCount: 0, columnCount: 0 };
        const text = fields.text ?? fields.code;
        if (text !== undefined) next.textChars = text.length;
        const count = listLength(fields);
        if (count !== undefined) next.itemCount = count;
        if (fields.columns) next.columnCount = fields.columns.length;
        sim.set(fields.id, next);
        return { ...op, section: fields };
      }
      case 'section.remove':
        existing(op.id);
        sim.set(op.id, null);
        sectionCount--;
        return op;
      case 'section.move':
        existing(op.id);
        checkAfter(op.after, op.id);
        return op;
      case 'text.append':
      case 'text.set': {
        const section = existing(op.id, ['markdown', 'callout', 'code']);
        const chars = (op.op === 'text.append' ? section.textChars : 0) + op.text.length;
        if (chars > limits.maxTextChars) fail('text_too_large', `a text body holds at most ${limits.maxTextChars} characters`);
        section.textChars = chars;
        return op;
      }
      case 'timeline.append': {
        // An append of an id already stored replaces that event: it adds nothing to count.
        const stored = findSection(doc, op.id);
        const replaces = op.event.id !== undefined && stored !== undefined && hasTimelineEvent(stored, op.event.id);
        checkItems(existing(op.id, ['timeline']), replaces ? 0 : 1);
        return { ...op, event: { ...op.event, id: op.event.id ?? newId() } };
      }
      case 'chart.append':
        checkItems(existing(op.id, ['chart']), op.points.length);
        return op;
      case 'checklist.set':
        // A new item needs its text; an existing one may change any field. Whether the item
        // exists is only known at apply time, so a missing text there becomes ''.
        checkItems(existing(op.id, ['checklist']), 0);
        return op;
      case 'table.append': {
        const section = existing(op.id, ['table']);
        if (section.columnCount > 0) {
          const bad = op.rows.findIndex((row) => row.length !== section.columnCount);
          if (bad >= 0) fail('row_length_mismatch', `row ${bad} has ${op.rows[bad]?.length} cells; the table has ${section.columnCount} columns`);
        }
        checkItems(section, op.rows.length);
        return op;
      }
    }
  });
}

function readBatch(body: unknown, limits: OpLimits): unknown[] {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { ops?: unknown }).ops)) {
    throw new OpError('invalid_request', 'the body must be a JSON object {"ops": [...]}');
  }
  const ops = (body as { ops: unknown[] }).ops;
  if (ops.length > limits.maxOpsPerBatch) {
    throw new OpError('too_many_ops', `a batch holds at most ${limits.maxOpsPerBatch} ops; this one has ${ops.length}`);
  }
  return ops;
}

function parseOp(raw: unknown, index: number): Op {
  const name = typeof raw === 'object' && raw !== null ? (raw as { op?: unknown }).op : undefined;
  if (typeof name !== 'string' || !(OP_NAMES as readonly string[]).includes(name)) {
    throw new OpError('unknown_op', `op ${index}: unknown op ${JSON.stringify(name ?? null)}; known ops: ${OP_NAMES.join(', ')}`, index);
  }
  const parsed = opSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = reportedIssue(parsed.error.issues) as z.core.$ZodIssue;
    const path = issue.path.join('.');
    const code = isUnstorableTextIssue(issue) ? 'invalid_text' : 'invalid_op';
    throw new OpError(code, `op ${index} (${name}): ${path || 'op'}: ${issue.message}`, index, path);
  }
  return parsed.data;
}

export function checkSectionFields(
  fields: SectionFields,
  type: SectionType,
  limits: OpLimits,
  isNew: boolean,
  fail: (code: 'field_not_allowed' | 'missing_field' | 'invalid_image_src' | 'text_too_large' | 'too_many_items' | 'row_length_mismatch', message: string) => never,
): void {
  const allowed = new Set<string>(['id', 'type', 'title', ...SECTION_FIELDS[type]]);
  for (const key of Object.keys(fields)) {
    if (!allowed.has(key)) fail('field_not_allowed', `a ${type} section has no field "${key}" (fields: ${SECTION_FIELDS[type].join(', ')})`);
  }
  if (type === 'image') {
    if (isNew && fields.src === undefined) fail('missing_field', 'an image section needs "src"');
    if (fields.src !== undefined && !DATA_IMAGE.test(fields.src)) {
      fail('invalid_image_src', 'image "src" must be a base64 data:image/... URI; links to other sites are not allowed');
    }
    if (fields.src && fields.src.length > limits.maxImageChars) fail('text_too_large', `an image holds at most ${limits.maxImageChars} characters`);
  }
  for (const key of ['text', 'code', 'diff'] as const) {
    const value = fields[key];
    if (value !== undefined && value.length > limits.maxTextChars) fail('text_too_large', `"${key}" holds at most ${limits.maxTextChars} characters`);
  }
  const count = listLength(fields);
  if (count !== undefined && count > limits.maxItems) fail('too_many_items', `a section holds at most ${limits.maxItems} entries`);
  if (fields.items) {
    const key = type === 'checklist' ? 'id' : 'label';
    const bad = fields.items.findIndex((item) => !(key in item) || (type === 'checklist' && !('text' in item)));
    if (bad >= 0) {
      fail('missing_field', type === 'checklist' ? `checklist item ${bad} needs "id" and "text"` : `metric ${bad} needs "label" and "value"`);
    }
  }
  if (fields.rows && fields.columns) {
    const width = fields.columns.length;
    const bad = fields.rows.findIndex((row) => row.length !== width);
    if (bad >= 0) fail('row_length_mismatch', `row ${bad} has ${fields.rows[bad]?.length} cells; the table has ${width} columns`);
  }
}

function listLength(fields: SectionFields): number | undefined {
  if (fields.events) return fields.events.length;
  if (fields.items) return fields.items.length;
  if (fields.rows) return fields.rows.length;
  if (fields.series) return fields.series.reduce((n, s) => n + s.points.length, 0);
  return undefined;
}
