import * as Y from 'yjs';
import { TEXT_FIELDS, metaMap, sectionType, sectionsArray, sortEvents, type SectionMap } from './doc.ts';
import type {
  ArtifactJSON,
  ArtifactMeta,
  ChartPoint,
  ChecklistItemPatch,
  MetricItem,
  SectionPatch,
  SectionType,
  TableCell,
  TimelineEvent,
} from './types.ts';

/*
 * Typed writers over the layout described in doc.ts. They assume validated input (shared/ops)
 * and are meant to run inside one `doc.transact`.
 */

/** Fields whose value is a Yjs type rather than a plain value. */
const TEXT_KEYS = new Set(['text', 'code']);

export function setMeta(doc: Y.Doc, fields: Partial<ArtifactMeta>): void {
  const meta = metaMap(doc);
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) meta.set(key, value);
  }
}

/** Writes the given fields onto a section map of the given type, replacing what was there. */
export function writeSectionFields(map: SectionMap, type: SectionType, patch: SectionPatch, fresh = false): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || key === 'id') continue;
    if (TEXT_KEYS.has(key)) {
      // A fresh map is not in a document yet and must not be read from.
      if (fresh) map.set(key, new Y.Text(value as string));
      else replaceText(map, key, value as string);
    } else if (key === 'series') {
      map.set(key, Y.Array.from((value as SectionPatch['series'] & object).map((s) => newSeries(s.name, s.points))));
    } else if (key === 'events') {
      map.set(key, Y.Array.from(sortEvents(value as TimelineEvent[])));
    } else if (key === 'rows') {
      map.set(key, Y.Array.from(value as TableCell[][]));
    } else if (key === 'items' && type === 'checklist') {
      map.set(key, Y.Array.from((value as ChecklistItemPatch[]).map(newChecklistItem)));
    } else {
      map.set(key, value);
    }
  }
}

/**
 * A new, not yet inserted section map with every field of its type (defaults where not
 * given). Yjs keeps nested types of an unintegrated map and integrates them on insert.
 */
export function newSectionMap(patch: SectionPatch & { type: SectionType }): SectionMap {
  const map = new Y.Map<unknown>();
  map.set('id', patch.id);
  writeSectionFields(map, patch.type, { ...SECTION_DEFAULTS[patch.type], ...patch }, true);
  return map;
}

const SECTION_DEFAULTS: Record<SectionType, Omit<SectionPatch, 'id'>> = {
  markdown: { text: '' },
  code: { language: 'text', code: '' },
  chart: { chart: 'line', series: [] },
  timeline: { events: [] },
  checklist: { items: [] },
  table: { columns: [], rows: [] },
  callout: { tone: 'info', text: '' },
  metrics: { items: [] },
  image: { alt: '' },
};

/**
 * Yjs has no move: the section is re-inserted as a deep copy. A concurrent edit of the old
 * copy on another replica is lost — an accepted cost, since agents move sections rarely.
 */
export function moveSection(doc: Y.Doc, from: number, to: number): SectionMap {
  const sections = sectionsArray(doc);
  const map = sections.get(from);
  const copy = map.clone() as SectionMap;
  sections.delete(from, 1);
  sections.insert(to > from ? to - 1 : to, [copy]);
  return copy;
}

export function appendText(map: SectionMap, text: string): void {
  const ytext = textOfSection(map);
  ytext.insert(ytext.length, text);
}

export function setText(map: SectionMap, text: string): void {
  const type = sectionType(map);
  replaceText(map, (type && TEXT_FIELDS[type]) ?? 'text', text);
}

/**
 * Adds an event in time order; an event with the same id is replaced (and moved to its new
 * time), so a producer can update what it announced, e.g. a tool call that has now finished.
 */
export function appendTimelineEvent(map: SectionMap, event: TimelineEvent): void {
  const events = arrayField<TimelineEvent>(map, 'events');
  const previous = events.toArray().findIndex((e) => e.id === event.id);
  if (previous >= 0) events.delete(previous, 1);
  const t = Date.parse(event.at);
  // Agents mostly append the newest event, so search from the end.
  let index = events.length;
  while (index > 0 && Date.parse((events.get(index - 1) as TimelineEvent).at) > t) index--;
  events.insert(index, [event]);
}

export function appendChartPoints(map: SectionMap, seriesName: string, points: ChartPoint[]): void {
  const series = arrayField<Y.Map<unknown>>(map, 'series');
  for (const entry of series) {
    if (entry.get('name') === seriesName) {
      (entry.get('points') as Y.Array<ChartPoint>).push(points);
      return;
    }
  }
  series.push([newSeries(seriesName, points)]);
}

export function setChecklistItem(map: SectionMap, item: ChecklistItemPatch): void {
  const items = arrayField<Y.Map<unknown>>(map, 'items');
  for (const entry of items) {
    if (entry.get('id') === item.id) {
      for (const [key, value] of Object.entries(item)) if (value !== undefined) entry.set(key, value);
      return;
    }
  }
  items.push([newChecklistItem(item)]);
}

/**
 * Ticks or unticks one checklist item (a browser edit); false, and nothing written, when the
 * section holds no item with that id (it was removed meanwhile).
 */
export function setChecklistDone(map: SectionMap, itemId: string, done: boolean): boolean {
  const items = map.get('items');
  if (!(items instanceof Y.Array)) return false;
  for (const entry of items) {
    if (entry instanceof Y.Map && entry.get('id') === itemId) {
      if (entry.get('done') !== done) entry.set('done', done);
      return true;
    }
  }
  return false;
}

/**
 * The Y.Text holding a markdown section's body, for a collaborative editor to bind to; a body
 * stored as a plain string is converted first (in the caller's transaction).
 */
export function markdownText(map: SectionMap): Y.Text | undefined {
  return sectionType(map) === 'markdown' ? textOfSection(map) : undefined;
}

export function appendTableRows(map: SectionMap, rows: TableCell[][]): void {
  arrayField<TableCell[]>(map, 'rows').push(rows);
}

/** Whether a timeline section holds an event with this id (an append of it replaces, not adds). */
export function hasTimelineEvent(map: SectionMap, eventId: string): boolean {
  const events = map.get('events');
  return events instanceof Y.Array && events.toArray().some((e: unknown) => (e as Partial<TimelineEvent> | null)?.id === eventId);
}

/** Sizes validation needs: text length, list length and table width of one section. */
export interface SectionStats {
  type: SectionType;
  textChars: number;
  itemCount: number;
  columnCount: number;
}

export function sectionStats(map: SectionMap): SectionStats | null {
  const type = sectionType(map);
  if (!type) return null;
  const textField = TEXT_FIELDS[type];
  const text = textField ? map.get(textField) : undefined;
  const columns = map.get('columns');
  return {
    type,
    textChars: text instanceof Y.Text ? text.length : typeof text === 'string' ? text.length : 0,
    itemCount: itemCount(map, type),
    columnCount: Array.isArray(columns) ? columns.length : 0,
  };
}

export function sectionCountOf(doc: Y.Doc): number {
  return sectionsArray(doc).length;
}

function itemCount(map: SectionMap, type: SectionType): number {
  switch (type) {
    case 'chart': {
      let n = 0;
      for (const s of arrayField<Y.Map<unknown>>(map, 'series')) n += (s.get('points') as Y.Array<unknown>).length;
      return n;
    }
    case 'timeline':
      return arrayField(map, 'events').length;
    case 'table':
      return arrayField(map, 'rows').length;
    case 'checklist':
      return arrayField(map, 'items').length;
    case 'metrics': {
      const items = map.get('items');
      return Array.isArray(items) ? items.length : 0;
    }
    default:
      return 0;
  }
}

function newSeries(name: string, points: ChartPoint[]): Y.Map<unknown> {
  const series = new Y.Map<unknown>();
  series.set('name', name);
  series.set('points', Y.Array.from(points));
  return series;
}

function newChecklistItem(item: ChecklistItemPatch | MetricItem): Y.Map<unknown> {
  const patch = item as ChecklistItemPatch;
  const entry = new Y.Map<unknown>();
  entry.set('id', patch.id);
  entry.set('text', patch.text ?? '');
  entry.set('done', patch.done ?? false);
  if (patch.owner !== undefined) entry.set('owner', patch.owner);
  return entry;
}

function replaceText(map: SectionMap, key: string, value: string): void {
  const current = map.get(key);
  if (current instanceof Y.Text) {
    if (current.toString() === value) return;
    current.delete(0, current.length);
    current.insert(0, value);
  } else {
    map.set(key, new Y.Text(value));
  }
}

/**
 * The section's body as a Y.Text. A body stored as a plain string (documents written before
 * every body was a Y.Text, or by a foreign replica) is converted once, keeping its content, so
 * appending to it never drops what was there.
 */
function textOfSection(map: SectionMap): Y.Text {
  const type = sectionType(map);
  const key = (type && TEXT_FIELDS[type]) ?? 'text';
  const current = map.get(key);
  if (current instanceof Y.Text) return current;
  const text = new Y.Text(typeof current === 'string' ? current : '');
  map.set(key, text);
  return text;
}

/** A list field, created empty if a concurrent replica's map lacks it. */
function arrayField<T>(map: SectionMap, key: string): Y.Array<T> {
  const current = map.get(key);
  if (current instanceof Y.Array) return current as Y.Array<T>;
  const array = new Y.Array<T>();
  map.set(key, array);
  return array;
}

/**
 * Makes the document equal to `artifact` in one forward change (restore of a version): meta
 * keys are set or removed, and the sections are replaced. Viewers keep the DOM of sections
 * whose content did not change, because they compare section JSON, not Yjs identity.
 */
export function replaceArtifact(doc: Y.Doc, artifact: ArtifactJSON): void {
  doc.transact(() => {
    const meta = metaMap(doc);
    const wanted = artifact.meta as unknown as Record<string, unknown>;
    for (const key of [...meta.keys()]) if (!(key in wanted)) meta.delete(key);
    setMeta(doc, artifact.meta);
    const sections = sectionsArray(doc);
    sections.delete(0, sections.length);
    sections.insert(0, artifact.sections.map((s) => newSectionMap(s as SectionPatch & { type: SectionType })));
  });
}
