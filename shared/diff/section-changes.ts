import type { ChartSection, ChartSeries, ImageSection, Section, TableSection } from '../schema/types.ts';
import { isEmptyKeyed, isEmptyMultiset, keyedChanges, multisetChanges, valueChange } from './collections.ts';
import { describeDataUri } from './data-uri.ts';
import { diffTextLines } from './text-hunks.ts';
import type { SectionDetail, SeriesPointChanges, TextHunk } from './types.ts';

/**
 * What changed in the body of a section whose id and type are the same on both sides (the
 * caller checks), or undefined when nothing did. The title is compared by the caller: every
 * type has one.
 */
export function sectionDetail(from: Section, to: Section): SectionDetail | undefined {
  switch (from.type) {
    case 'markdown': {
      const after = to as typeof from;
      return compact({ type: 'markdown', text: textHunks(from.text, after.text) });
    }
    case 'callout': {
      const after = to as typeof from;
      return compact({ type: 'callout', tone: valueChange(from.tone, after.tone), text: textHunks(from.text, after.text) });
    }
    case 'code': {
      const after = to as typeof from;
      return compact({
        type: 'code',
        language: valueChange(from.language, after.language),
        code: textHunks(from.code, after.code),
        diff: textHunks(from.diff, after.diff),
      });
    }
    case 'timeline': {
      const events = keyedChanges(from.events ?? [], (to as typeof from).events ?? [], (e) => e.id);
      return isEmptyKeyed(events) ? undefined : { type: 'timeline', events };
    }
    case 'checklist': {
      const items = keyedChanges(from.items ?? [], (to as typeof from).items ?? [], (item) => item.id);
      return isEmptyKeyed(items) ? undefined : { type: 'checklist', items };
    }
    case 'metrics': {
      const items = keyedChanges(from.items ?? [], (to as typeof from).items ?? [], (item) => item.label);
      return isEmptyKeyed(items) ? undefined : { type: 'metrics', items };
    }
    case 'table':
      return tableDetail(from, to as typeof from);
    case 'chart':
      return chartDetail(from, to as typeof from);
    case 'image':
      return imageDetail(from, to as typeof from);
  }
}

/**
 * The section as a diff carries it: an image's data URI is replaced by its description, so a
 * diff never holds image data. Everything else is returned as it is.
 */
export function sectionForDiff(section: Section): Section {
  return section.type === 'image' ? { ...section, src: describeDataUri(section.src ?? '') } : section;
}

function textHunks(from: string | undefined, to: string | undefined): TextHunk[] | undefined {
  const hunks = diffTextLines(from ?? '', to ?? '');
  return hunks.length > 0 ? hunks : undefined;
}

function tableDetail(from: TableSection, to: TableSection): SectionDetail | undefined {
  const columns = valueChange(from.columns ?? [], to.columns ?? []);
  const rows = multisetChanges(from.rows ?? [], to.rows ?? []);
  return compact({ type: 'table', columns, rows: isEmptyMultiset(rows) ? undefined : rows });
}

function chartDetail(from: ChartSection, to: ChartSection): SectionDetail | undefined {
  const series = keyedChanges<ChartSeries>(from.series ?? [], to.series ?? [], (s) => s.name);
  const points: SeriesPointChanges[] = series.changed
    .map(({ key, from: before, to: after }) => ({ name: key, ...multisetChanges(before.points ?? [], after.points ?? []) }))
    .filter((change) => !isEmptyMultiset(change));
  const kind = { chart: valueChange(from.chart, to.chart), xLabel: valueChange(from.xLabel, to.xLabel), yLabel: valueChange(from.yLabel, to.yLabel) };
  const seriesChanged = series.added.length > 0 || series.removed.length > 0 || points.length > 0;
  if (!seriesChanged && !kind.chart && !kind.xLabel && !kind.yLabel) return undefined;
  const changes = seriesChanged ? { series: { added: series.added, removed: series.removed, points } } : {};
  return dropUndefined({ type: 'chart' as const, ...kind, ...changes });
}

function imageDetail(from: ImageSection, to: ImageSection): SectionDetail | undefined {
  // Compare the real sources; report only their descriptions.
  const srcChanged = (from.src ?? '') !== (to.src ?? '');
  const src = srcChanged ? { from: describeDataUri(from.src ?? ''), to: describeDataUri(to.src ?? '') } : undefined;
  const alt = valueChange(from.alt, to.alt);
  return src || alt ? compact({ type: 'image', src, alt }) : undefined;
}

/** The detail without fields left `undefined`, or undefined when only `type` is left. */
function compact<D extends SectionDetail>(detail: D): D | undefined {
  const clean = dropUndefined(detail);
  return Object.keys(clean).length > 1 ? clean : undefined;
}

/** Plain JSON: a field that did not change is absent rather than `undefined`. */
function dropUndefined<D extends object>(detail: D): D {
  return Object.fromEntries(Object.entries(detail).filter(([, value]) => value !== undefined)) as D;
}
