import * as Y from 'yjs';
import type { ArtifactJSON, ArtifactMeta, ChartSeries, ChecklistItem, Section, SectionType, TimelineEvent } from './types.ts';
import { SECTION_TYPES } from './types.ts';
import { chartKind, chartPoint, columnName, entries, metricItem, tableRow, timelineEvent, tone } from './coerce.ts';

/*
 * The only module that knows Yjs key strings. Layout of one artifact document:
 *
 *   meta: Y.Map            title, kind, emoji, status (plain values)
 *   sections: Y.Array<Y.Map>, one map per section:
 *     id, type, title                      plain strings
 *     text (markdown, callout), code       Y.Text, so streamed appends are small updates
 *     events (timeline), rows (table)      Y.Array of plain JSON values
 *     items (checklist)                    Y.Array<Y.Map> so concurrent edits of one item merge
 *     items (metrics), columns (table)     plain JSON values, replaced whole
 *     series (chart)                       Y.Array<Y.Map{name, points: Y.Array<[x, y]>}>
 *     everything else                      plain values
 */

const META = 'meta';
const SECTIONS = 'sections';

export type SectionMap = Y.Map<unknown>;

export const metaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(META);
export const sectionsArray = (doc: Y.Doc): Y.Array<SectionMap> => doc.getArray<SectionMap>(SECTIONS);

/** Fields stored as Y.Text, by section type. */
export const TEXT_FIELDS: Partial<Record<SectionType, string>> = {
  markdown: 'text',
  callout: 'text',
  code: 'code',
};

export function sectionId(map: SectionMap): string {
  // A sections entry written by a foreign replica may be anything: only a map is a section.
  if (!(map instanceof Y.Map)) return '';
  const id = map.get('id');
  return typeof id === 'string' ? id : '';
}

export function sectionType(map: SectionMap): SectionType | undefined {
  if (!(map instanceof Y.Map)) return undefined;
  const type = map.get('type');
  return (SECTION_TYPES as readonly unknown[]).includes(type) ? (type as SectionType) : undefined;
}

const indexCache = new WeakMap<Y.Array<SectionMap>, Map<string, SectionMap>>();

/**
 * id → section map, cached per document and dropped whenever the sections array itself
 * changes. Two replicas may concurrently create the same id; the first occurrence wins,
 * exactly as in {@link artifactToJSON}.
 */
export function sectionIndex(doc: Y.Doc): Map<string, SectionMap> {
  const sections = sectionsArray(doc);
  let index = indexCache.get(sections);
  if (index) return index;
  index = new Map();
  for (const map of sections) {
    const id = sectionId(map);
    if (id && !index.has(id)) index.set(id, map);
  }
  if (!observed.has(sections)) {
    observed.add(sections);
    sections.observe(() => indexCache.delete(sections));
  }
  indexCache.set(sections, index);
  return index;
}
const observed = new WeakSet<Y.Array<SectionMap>>();

export function findSection(doc: Y.Doc, id: string): SectionMap | undefined {
  return sectionIndex(doc).get(id);
}

/** Position of a section in the array, or -1. */
export function sectionPosition(doc: Y.Doc, map: SectionMap): number {
  const sections = sectionsArray(doc);
  let i = 0;
  for (const m of sections) {
    if (m === map) return i;
    i++;
  }
  return -1;
}

/**
 * The top-level section map that contains a changed Yjs type, or undefined when the change
 * is to the sections array or meta themselves. Viewers use it to re-render only the
 * sections an update touched.
 */
export function owningSection(type: Y.AbstractType<unknown>, doc: Y.Doc): SectionMap | undefined {
  const sections = sectionsArray(doc);
  let current: Y.AbstractType<unknown> | null = type;
  while (current && current.parent !== sections) {
    const parent: Y.AbstractType<unknown> | Y.Doc | null = current.parent as Y.AbstractType<unknown> | null;
    if (!parent || !(parent instanceof Y.AbstractType)) return undefined;
    current = parent;
  }
  return current instanceof Y.Map ? (current as SectionMap) : undefined;
}

export function metaToJSON(doc: Y.Doc): ArtifactMeta {
  const meta = metaMap(doc);
  const out: ArtifactMeta = {
    title: str(meta.get('title')) ?? '',
    kind: str(meta.get('kind')) ?? 'document',
  };
  const emoji = str(meta.get('emoji'));
  if (emoji !== undefined) out.emoji = emoji;
  const status = str(meta.get('status'));
  if (status !== undefined) out.status = status;
  return out;
}

export function artifactToJSON(doc: Y.Doc, id: string): ArtifactJSON {
  const seen = new Set<string>();
  const sections: Section[] = [];
  for (const map of sectionsArray(doc)) {
    const section = sectionToJSON(map);
    if (!section || seen.has(section.id)) continue;
    seen.add(section.id);
    sections.push(section);
  }
  return { id, meta: metaToJSON(doc), sections };
}

/** Plain JSON of one section map; undefined for a map that is not a valid section. */
export function sectionToJSON(map: SectionMap): Section | undefined {
  const id = sectionId(map);
  const type = sectionType(map);
  if (!id || !type) return undefined;
  const base: { id: string; title?: string } = { id };
  const title = str(map.get('title'));
  if (title !== undefined) base.title = title;
  switch (type) {
    case 'markdown':
      return { ...base, type, text: textOf(map.get('text')) };
    case 'callout':
      return { ...base, type, tone: tone(map.get('tone')), text: textOf(map.get('text')) };
    case 'code': {
      const out: Section = { ...base, type, language: str(map.get('language')) ?? 'text', code: textOf(map.get('code')) };
      const diff = str(map.get('diff'));
      if (diff !== undefined) out.diff = diff;
      const collapsed = map.get('collapsed');
      if (typeof collapsed === 'boolean') out.collapsed = collapsed;
      return out;
    }
    case 'chart': {
      const out: Section = {
        ...base,
        type,
        chart: chartKind(map.get('chart')),
        series: seriesToJSON(map.get('series')),
      };
      const xLabel = str(map.get('xLabel'));
      if (xLabel !== undefined) out.xLabel = xLabel;
      const yLabel = str(map.get('yLabel'));
      if (yLabel !== undefined) out.yLabel = yLabel;
      return out;
    }
    case 'timeline':
      return { ...base, type, events: sortEvents(uniqueById(entries(listOf(map.get('events')), timelineEvent))) };
    case 'checklist':
      return { ...base, type, items: uniqueById(checklistToJSON(map.get('items'))) };
    case 'table':
      return {
        ...base,
        type,
        columns: plainArray(map.get('columns')).map(columnName),
        rows: entries(listOf(map.get('rows')), tableRow),
      };
    case 'metrics':
      return { ...base, type, items: entries(plainArray(map.get('items')), metricItem) };
    case 'image':
      return { ...base, type, src: str(map.get('src')) ?? '', alt: str(map.get('alt')) ?? '' };
  }
}

/** Events sorted by time, ties kept in insertion order, so every replica agrees. */
export function sortEvents(events: TimelineEvent[]): TimelineEvent[] {
  return events
    .map((event, i) => ({ event, i, t: Date.parse(event.at) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((e) => e.event);
}

function seriesToJSON(value: unknown): ChartSeries[] {
  if (!(value instanceof Y.Array)) return [];
  // Two replicas may add the same series concurrently: merge their points by name.
  const byName = new Map<string, ChartSeries>();
  for (const entry of value as Y.Array<unknown>) {
    if (!(entry instanceof Y.Map)) continue;
    const name = str(entry.get('name')) ?? '';
    const points = entries(listOf(entry.get('points')), chartPoint);
    const existing = byName.get(name);
    if (existing) existing.points.push(...points);
    else byName.set(name, { name, points });
  }
  return [...byName.values()];
}

function checklistToJSON(value: unknown): ChecklistItem[] {
  if (!(value instanceof Y.Array)) return [];
  const items: ChecklistItem[] = [];
  for (const entry of value as Y.Array<unknown>) {
    if (!(entry instanceof Y.Map)) continue;
    const item: ChecklistItem = {
      id: str(entry.get('id')) ?? '',
      text: str(entry.get('text')) ?? '',
      done: entry.get('done') === true,
    };
    const owner = str(entry.get('owner'));
    if (owner !== undefined) item.owner = owner;
    items.push(item);
  }
  return items;
}

function uniqueById<T extends { id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}

function textOf(value: unknown): string {
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : '';
}

/** The plain values of a Y.Array (none for anything else). */
function listOf(value: unknown): unknown[] {
  return value instanceof Y.Array ? (value.toArray() as unknown[]) : [];
}

function plainArray(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Whether a transaction changed the artifact's meta (its title or kind): a rename to mirror. */
export function metaChangedIn(doc: Y.Doc, transaction: Y.Transaction): boolean {
  type Changed = Y.Transaction['changed'] extends Map<infer K, unknown> ? K : never;
  return transaction.changed.has(metaMap(doc) as unknown as Changed);
}
