import type * as Y from 'yjs';
import {
  appendChartPoints,
  appendTableRows,
  appendText,
  appendTimelineEvent,
  moveSection,
  newSectionMap,
  sectionIndex,
  sectionPosition,
  sectionType,
  sectionsArray,
  setChecklistItem,
  setMeta,
  setText,
  writeSectionFields,
  type SectionMap,
} from '../schema/index.ts';
import type { SectionPatch, SectionType, TimelineEvent } from '../schema/types.ts';
import { DEFAULT_OP_LIMITS, type OpLimits } from './limits.ts';
import type { Op } from './op-schema.ts';
import { validateOps } from './validate.ts';

export interface ApplyOptions {
  /** Recorded as the Yjs transaction origin, so observers know who made the change. */
  origin?: unknown;
  limits?: OpLimits;
  /** Makes ids for sections and events sent without one. */
  newId: () => string;
}

/**
 * Validates a whole batch, then applies it in one transaction. Either every op is applied or,
 * on the first invalid op, an OpError is thrown and the document is untouched.
 */
export function applyOps(doc: Y.Doc, body: unknown, options: ApplyOptions): { applied: number } {
  const ops = validateOps(doc, body, { limits: options.limits ?? DEFAULT_OP_LIMITS, newId: options.newId });
  return applyValidatedOps(doc, ops, options.origin);
}

/**
 * Applies ops that `validateOps` accepted for this document as it is now, in one transaction
 * (the server times validating and applying apart; nothing may change the document between).
 */
export function applyValidatedOps(doc: Y.Doc, ops: readonly Op[], origin?: unknown): { applied: number } {
  if (ops.length === 0) return { applied: 0 };
  doc.transact(() => {
    // The cached id index is refreshed by an observer at the end of the transaction, so
    // inside it we keep our own copy up to date.
    const index = new Map(sectionIndex(doc));
    for (const op of ops) applyOne(doc, index, op);
  }, origin ?? null);
  return { applied: ops.length };
}

function applyOne(doc: Y.Doc, index: Map<string, SectionMap>, op: Op): void {
  const section = (id: string): SectionMap => {
    const map = index.get(id);
    if (!map) throw new Error(`section ${id} vanished after validation`);
    return map;
  };
  const positionAfter = (after: string | null): number => (after === null ? 0 : sectionPosition(doc, section(after)) + 1);

  switch (op.op) {
    case 'meta.set': {
      const { op: _name, ...fields } = op;
      setMeta(doc, fields);
      return;
    }
    case 'section.upsert': {
      const patch = op.section as SectionPatch;
      const existing = index.get(patch.id);
      if (existing) {
        writeSectionFields(existing, sectionType(existing) as SectionType, patch);
        if (op.after !== undefined) moveTo(doc, index, patch.id, op.after);
        return;
      }
      const map = newSectionMap(patch as SectionPatch & { type: SectionType });
      const at = op.after === undefined ? sectionsArray(doc).length : positionAfter(op.after);
      sectionsArray(doc).insert(at, [map]);
      index.set(patch.id, map);
      return;
    }
    case 'section.remove':
      sectionsArray(doc).delete(sectionPosition(doc, section(op.id)), 1);
      index.delete(op.id);
      return;
    case 'section.move':
      moveTo(doc, index, op.id, op.after);
      return;
    case 'text.append':
      appendText(section(op.id), op.text);
      return;
    case 'text.set':
      setText(section(op.id), op.text);
      return;
    case 'timeline.append':
      appendTimelineEvent(section(op.id), op.event as TimelineEvent);
      return;
    case 'chart.append':
      appendChartPoints(section(op.id), op.series, op.points);
      return;
    case 'checklist.set':
      setChecklistItem(section(op.id), op.item);
      return;
    case 'table.append':
      appendTableRows(section(op.id), op.rows);
      return;
  }
}

function moveTo(doc: Y.Doc, index: Map<string, SectionMap>, id: string, after: string | null): void {
  const map = index.get(id) as SectionMap;
  const from = sectionPosition(doc, map);
  const to = after === null ? 0 : sectionPosition(doc, index.get(after) as SectionMap) + 1;
  if (to === from || to === from + 1) return;
  index.set(id, moveSection(doc, from, to));
}
