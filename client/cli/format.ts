import type { ArtifactJSON, ArtifactSummary, Section } from '../sdk/index.ts';

/** Characters of a section's text shown by `show`. */
const PREVIEW_CHARS = 60;

/** The human summary of `artifacts show`: title line, then one line per section. */
export function formatArtifact(artifact: ArtifactJSON): string {
  const { meta } = artifact;
  const head = [meta.emoji, meta.title].filter(Boolean).join(' ');
  const facts = [`id ${artifact.id}`, `kind ${meta.kind}`, meta.status ? `status ${meta.status}` : '', plural(artifact.sections.length, 'section')];
  const lines = [head, facts.filter(Boolean).join(' · ')];
  if (artifact.sections.length === 0) return lines.join('\n');
  const rows = artifact.sections.map((s) => [s.type, s.id, s.title ? quote(s.title) : '', preview(s)]);
  return [...lines, '', ...columns(rows).map((line) => `  ${line}`)].join('\n');
}

/** `artifacts list`: one artifact per line, newest first. */
export function formatList(artifacts: readonly ArtifactSummary[]): string {
  if (artifacts.length === 0) return 'no artifacts';
  const sorted = [...artifacts].sort((a, b) => (Date.parse(b.updatedAt) || 0) - (Date.parse(a.updatedAt) || 0));
  return columns(sorted.map((a) => [a.id, a.kind, a.visibility, a.updatedAt, a.title])).join('\n');
}

/** A short description of a section's content. */
export function preview(section: Section): string {
  switch (section.type) {
    case 'markdown':
    case 'callout':
      return `${section.type === 'callout' ? `${section.tone}: ` : ''}${snippet(section.text)} (${plural(section.text.length, 'char')})`;
    case 'code':
      return `${section.language || 'text'}, ${plural(lineCount(section.code), 'line')}${section.diff ? ', with diff' : ''}`;
    case 'chart': {
      const points = section.series.reduce((n, s) => n + s.points.length, 0);
      return `${section.chart} chart, ${plural(section.series.length, 'series', 'series')}, ${plural(points, 'point')}`;
    }
    case 'timeline': {
      const last = section.events.at(-1);
      return `${plural(section.events.length, 'event')}${last ? `, last ${last.at} ${quote(snippet(last.title))}` : ''}`;
    }
    case 'checklist':
      return `${section.items.filter((i) => i.done).length}/${section.items.length} done`;
    case 'table':
      return `${plural(section.columns.length, 'column')} × ${plural(section.rows.length, 'row')}`;
    case 'metrics':
      return snippet(section.items.map((m) => `${m.label} ${m.value}${m.unit ?? ''}`).join(', '));
    case 'image':
      return `image ${quote(snippet(section.alt))}`;
  }
}

/** First line of `text`, cut to PREVIEW_CHARS. */
function snippet(text: string): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  const cut = line.length > PREVIEW_CHARS || text.trim().includes('\n');
  return cut ? `${line.slice(0, PREVIEW_CHARS)}…` : line;
}

function lineCount(text: string): number {
  return text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function quote(text: string): string {
  return JSON.stringify(text);
}

/** Pads every column but the last to its widest cell. */
export function columns(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
