import type { ArtifactDiff, ChangedSection, KeyedChanges, PlacedSection, TextHunk, ValueChange } from '#shared/diff';
import { plural, preview, quote } from './format.ts';

/** Changed lines of a text body shown under its section; the rest is counted. */
const SHOWN_LINES = 8;
/** Characters of one shown line. */
const LINE_CHARS = 100;

/**
 * `artifacts diff`, for people: a summary line, meta changes, then one line per added,
 * removed, moved and changed section (type, id, title) saying what changed, with the first
 * changed lines of text bodies underneath.
 */
export function formatDiff(diff: ArtifactDiff, fromLabel: string, toLabel: string): string {
  const { summary } = diff;
  const counts = [plural(summary.added, 'added', 'added'), plural(summary.removed, 'removed', 'removed'), plural(summary.changed, 'changed', 'changed'), plural(summary.moved, 'moved', 'moved')];
  const metaKeys = Object.keys(diff.meta).sort();
  if (metaKeys.length === 0 && summary.added + summary.removed + summary.changed + summary.moved === 0) return `no changes between ${fromLabel} and ${toLabel}`;
  const lines = [`${fromLabel} → ${toLabel}: ${counts.join(', ')} (sections)`];
  for (const key of metaKeys) lines.push(`  meta ${key}: ${change(diff.meta[key])}`);
  for (const placed of diff.added) lines.push(`+ ${sectionName(placed)}  ${preview(placed.section)}`);
  for (const placed of diff.removed) lines.push(`- ${sectionName(placed)}`);
  for (const moved of diff.moved) lines.push(`↕ ${moved.id}${moved.label ? ` ${quote(moved.label)}` : ''}  moved from position ${moved.fromIndex + 1} to ${moved.toIndex + 1}`);
  for (const changed of diff.changed) lines.push(...changedLines(changed));
  return lines.join('\n');
}

function sectionName({ section }: PlacedSection): string {
  return `${section.type} ${section.id}${section.title ? ` ${quote(section.title)}` : ''}`;
}

function changedLines(section: ChangedSection): string[] {
  const head = `~ ${section.type} ${section.id}${section.label ? ` ${quote(section.label)}` : ''}`;
  const facts: string[] = [];
  if (section.title) facts.push(`title ${change(section.title)}`);
  const bodies: TextHunk[][] = [];
  switch (section.type) {
    case 'markdown':
      if (section.text) (facts.push(lineCounts(section.text)), bodies.push(section.text));
      break;
    case 'callout':
      if (section.tone) facts.push(`tone ${change(section.tone)}`);
      if (section.text) (facts.push(lineCounts(section.text)), bodies.push(section.text));
      break;
    case 'code':
      if (section.language) facts.push(`language ${change(section.language)}`);
      if (section.code) (facts.push(lineCounts(section.code)), bodies.push(section.code));
      if (section.diff) facts.push(`diff ${lineCounts(section.diff)}`);
      break;
    case 'timeline':
      if (section.events) facts.push(keyedCounts(section.events, 'event'));
      break;
    case 'checklist':
      if (section.items) {
        const done = section.items.changed.filter((c) => c.to.done && !c.from.done).length;
        facts.push(keyedCounts(section.items, 'item') + (done ? `, ${done} checked off` : ''));
      }
      break;
    case 'metrics':
      if (section.items) facts.push(section.items.changed.map((c) => `${c.key} ${c.from.value}${c.from.unit ?? ''} → ${c.to.value}${c.to.unit ?? ''}`).join(', ') || keyedCounts(section.items, 'metric'));
      break;
    case 'table':
      if (section.columns) facts.push(`columns ${change(section.columns)}`);
      if (section.rows) facts.push(`+${plural(section.rows.added.length, 'row')} −${section.rows.removed.length}`);
      break;
    case 'chart': {
      for (const key of ['chart', 'xLabel', 'yLabel'] as const) {
        const value = section[key];
        if (value) facts.push(`${key} ${change(value)}`);
      }
      const series = section.series;
      if (series) {
        if (series.added.length) facts.push(`series added: ${series.added.map((s) => s.name).join(', ')}`);
        if (series.removed.length) facts.push(`series removed: ${series.removed.map((s) => s.name).join(', ')}`);
        for (const points of series.points) facts.push(`${points.name}: +${plural(points.added.length, 'point')} −${points.removed.length}`);
      }
      break;
    }
    case 'image':
      if (section.src) facts.push(`image ${change(section.src)}`);
      if (section.alt) facts.push(`alt ${change(section.alt)}`);
      break;
  }
  return [`${head}  ${facts.join('; ') || 'changed'}`, ...bodies.flatMap(hunkLines)];
}

/** "+3 −1 lines" of a text diff. */
function lineCounts(hunks: readonly TextHunk[]): string {
  let added = 0;
  let removed = 0;
  for (const hunk of hunks) {
    if (hunk.op === 'add') added += hunk.lines.length;
    if (hunk.op === 'remove') removed += hunk.lines.length;
  }
  return `+${added} −${removed} ${added + removed === 1 ? 'line' : 'lines'}`;
}

function keyedCounts<T>(changes: KeyedChanges<T>, unit: string): string {
  const parts = [`+${changes.added.length}`, `−${changes.removed.length}`, `${changes.changed.length} changed`];
  return `${unit}s ${parts.join(' ')}${changes.reordered ? ', reordered' : ''}`;
}

/** The first SHOWN_LINES added and removed lines, `+`/`-` prefixed, indented under the section. */
function hunkLines(hunks: readonly TextHunk[]): string[] {
  const changed = hunks.flatMap((h) => (h.op === 'equal' ? [] : h.lines.map((line) => `${h.op === 'add' ? '+' : '-'} ${cut(line)}`)));
  const shown = changed.slice(0, SHOWN_LINES).map((line) => `    ${line}`);
  if (changed.length > SHOWN_LINES) shown.push(`    … ${plural(changed.length - SHOWN_LINES, 'more changed line')}`);
  return shown;
}

function change<T>(value: ValueChange<T> | undefined): string {
  const show = (v: T | null | undefined) => (v === null || v === undefined ? '(none)' : typeof v === 'string' ? quote(cut(v)) : JSON.stringify(v));
  return `${show(value?.from)} → ${show(value?.to)}`;
}

function cut(text: string): string {
  return text.length > LINE_CHARS ? `${text.slice(0, LINE_CHARS - 1)}…` : text;
}
