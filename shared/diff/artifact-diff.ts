import type { ArtifactJSON, Section } from '../schema/types.ts';
import { valueChange } from './collections.ts';
import { movedKeys } from './moves.ts';
import { sectionDetail, sectionForDiff } from './section-changes.ts';
import type { ArtifactDiff, ChangedSection, SectionDetail, ValueChange } from './types.ts';

/**
 * The section-level diff from one artifact state to another (two versions, or a version and
 * the live document). Sections are matched by id; a section whose type changed counts as
 * removed and added. Pure and deterministic: the same two inputs always give the same diff.
 */
export function diffArtifacts(from: ArtifactJSON, to: ArtifactJSON): ArtifactDiff {
  const before = indexById(from.sections);
  const after = indexById(to.sections);
  const kept = (id: string): boolean => {
    const a = before.get(id);
    const b = after.get(id);
    return a !== undefined && b !== undefined && a.section.type === b.section.type;
  };

  const diff: ArtifactDiff = {
    meta: metaChanges(from.meta, to.meta),
    added: [],
    removed: [],
    moved: [],
    changed: [],
    summary: { added: 0, removed: 0, moved: 0, changed: 0 },
  };

  for (const [id, { section, index }] of before) {
    if (!kept(id)) diff.removed.push({ section: sectionForDiff(section), index });
  }
  for (const [id, { section, index }] of after) {
    if (!kept(id)) diff.added.push({ section: sectionForDiff(section), index });
  }

  const keptInFrom = [...before.keys()].filter(kept);
  const keptInTo = [...after.keys()].filter(kept);
  const moved = movedKeys(keptInFrom, keptInTo);
  for (const id of keptInTo) {
    const a = before.get(id);
    const b = after.get(id);
    if (!a || !b) continue;
    const label = nonEmpty(b.section.title);
    if (moved.has(id)) diff.moved.push({ id, ...(label ? { label } : {}), fromIndex: a.index, toIndex: b.index });
    const change = changedSection(a.section, b.section, a.index, b.index);
    if (change) diff.changed.push(change);
  }

  diff.summary = { added: diff.added.length, removed: diff.removed.length, moved: diff.moved.length, changed: diff.changed.length };
  return diff;
}

/** True when the diff records no change at all (sections or meta). */
export function isEmptyDiff(diff: ArtifactDiff): boolean {
  const { added, removed, moved, changed } = diff.summary;
  return added + removed + moved + changed === 0 && Object.keys(diff.meta).length === 0;
}

function changedSection(from: Section, to: Section, fromIndex: number, toIndex: number): ChangedSection | undefined {
  const title = valueChange(nonEmpty(from.title), nonEmpty(to.title));
  const detail = sectionDetail(from, to);
  if (!title && !detail) return undefined;
  const titleOnly: SectionDetail = { type: to.type };
  const label = nonEmpty(to.title);
  return { ...(detail ?? titleOnly), id: to.id, ...(label ? { label } : {}), fromIndex, toIndex, ...(title ? { title } : {}) };
}

function metaChanges(from: ArtifactJSON['meta'], to: ArtifactJSON['meta']): Record<string, ValueChange<string>> {
  const out: Record<string, ValueChange<string>> = {};
  const a: Readonly<Record<string, unknown>> = { ...from };
  const b: Readonly<Record<string, unknown>> = { ...to };
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const change = valueChange(metaText(a[key]), metaText(b[key]));
    if (change) out[key] = change;
  }
  return out;
}

/** Meta values are strings; anything else a newer writer stored is shown as its JSON. */
function metaText(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function nonEmpty(text: string | undefined): string | undefined {
  return typeof text === 'string' && text !== '' ? text : undefined;
}

/** Sections by id in document order. A repeated id (invalid) keeps its first occurrence. */
function indexById(sections: readonly Section[]): Map<string, { section: Section; index: number }> {
  const out = new Map<string, { section: Section; index: number }>();
  sections.forEach((section, index) => {
    if (!out.has(section.id)) out.set(section.id, { section, index });
  });
  return out;
}
