import type { TextHunk } from '#shared/diff';

/** One difference between two entries of a list, for a line such as "severity: none → critical". */
export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

/** Past this many lines a text diff stops and says how many more there are. */
export const MAX_TEXT_LINES = 2_000;

/** Past this many rows, events or points a list stops and says how many more there are. */
export const MAX_LISTED = 200;

/**
 * The fields in which two versions of one entry (a timeline event, a checklist item, a metric)
 * differ, in a stable order. The key field (`id`) is left out: it is the same by definition.
 */
export function fieldChanges(from: object, to: object, keyField = 'id'): FieldChange[] {
  const a = from as Record<string, unknown>;
  const b = to as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => f !== keyField);
  return fields
    .filter((f) => JSON.stringify(a[f] ?? null) !== JSON.stringify(b[f] ?? null))
    .map((field) => ({ field, from: displayValue(a[field]), to: displayValue(b[field]) }));
}

/** A field value as a reader sees it: text as is, "none" for nothing, JSON for the rest. */
export function displayValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'none';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A rendered line of a text diff: a changed or context line, or a marker for skipped ones. */
export type DiffLine =
  | { kind: 'add' | 'remove' | 'equal'; text: string }
  | { kind: 'skip'; count: number }
  | { kind: 'truncated'; count: number };

/**
 * The hunks as lines to draw, at most `maxLines` of them; the rest become one `truncated`
 * line saying how many were left out.
 */
export function hunkLines(hunks: readonly TextHunk[], maxLines: number = MAX_TEXT_LINES): DiffLine[] {
  const out: DiffLine[] = [];
  let left = 0;
  for (const hunk of hunks) {
    if (hunk.op === 'equal' && hunk.skipped) {
      if (out.length < maxLines) out.push({ kind: 'skip', count: hunk.skipped });
      continue;
    }
    for (const text of hunk.lines) {
      if (out.length < maxLines) out.push({ kind: hunk.op, text });
      else if (hunk.op !== 'equal') left += 1;
    }
  }
  if (left > 0) out.push({ kind: 'truncated', count: left });
  return out;
}
