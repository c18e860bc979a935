import type { ChartPoint, MetricItem, TableCell, TimelineEvent } from './types.ts';
import { CHART_KINDS, SEVERITIES, TONES, type ChartKind, type Severity, type Tone } from './types.ts';

/*
 * Readers of plain values a document holds, total over whatever is there. Ops only ever write
 * well-formed values and the server refuses socket updates that do not, but a document may
 * predate those checks or be written by a buggy replica: every value that is not what its
 * field promises is dropped (list entries) or replaced by the field's default, so JSON,
 * renderers, diff and publish never meet a malformed value.
 */

const isString = (v: unknown): v is string => typeof v === 'string';
const isFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function timelineEvent(value: unknown): TimelineEvent | undefined {
  if (!isRecord(value) || !isString(value['id']) || !isString(value['at']) || !isString(value['title'])) return undefined;
  if (Number.isNaN(Date.parse(value['at']))) return undefined;
  const event: TimelineEvent = { id: value['id'], at: value['at'], title: value['title'] };
  if (isString(value['body'])) event.body = value['body'];
  if ((SEVERITIES as readonly unknown[]).includes(value['severity'])) event.severity = value['severity'] as Severity;
  if (isString(value['actor'])) event.actor = value['actor'];
  return event;
}

export function chartPoint(value: unknown): ChartPoint | undefined {
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [x, y] = value as unknown[];
  return (isFinite(x) || isString(x)) && isFinite(y) ? [x, y] : undefined;
}

export function tableRow(value: unknown): TableCell[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return (value as unknown[]).map((cell) => (isString(cell) || isFinite(cell) ? cell : ''));
}

export function columnName(value: unknown): string {
  return isString(value) ? value : isFinite(value) ? String(value) : '';
}

export function metricItem(value: unknown): MetricItem | undefined {
  if (!isRecord(value) || !isString(value['label'])) return undefined;
  const raw = value['value'];
  if (!isString(raw) && !isFinite(raw)) return undefined;
  const item: MetricItem = { label: value['label'], value: raw };
  if (isString(value['unit'])) item.unit = value['unit'];
  const delta = value['delta'];
  if (isString(delta) || isFinite(delta)) item.delta = delta;
  const better = value['better'];
  if (better === 'higher' || better === 'lower') item.better = better;
  return item;
}

export function chartKind(value: unknown): ChartKind {
  return (CHART_KINDS as readonly unknown[]).includes(value) ? (value as ChartKind) : 'line';
}

export function tone(value: unknown): Tone {
  return (TONES as readonly unknown[]).includes(value) ? (value as Tone) : 'info';
}

/** The entries of a list that read as `read` says, in order; the others are left out. */
export function entries<T>(values: readonly unknown[], read: (value: unknown) => T | undefined): T[] {
  const out: T[] = [];
  for (const value of values) {
    const entry = read(value);
    if (entry !== undefined) out.push(entry);
  }
  return out;
}
