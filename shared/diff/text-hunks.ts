import { diffArrays } from 'diff';
import type { TextHunk } from './types.ts';

/** Unchanged lines kept on each side of a change, as in `diff -U3`. */
export const CONTEXT_LINES = 3;

/**
 * Above this many added + removed lines (after the shared head and tail) the diff gives up
 * looking for a minimal edit and reports that part as removed then added: Myers' algorithm is
 * O(N·D), and two unrelated 16 MiB bodies would otherwise stall the server.
 */
export const MAX_EDIT_LINES = 1_000;

/**
 * A line-level diff of two text bodies as hunks, with long unchanged runs collapsed to
 * {@link CONTEXT_LINES} lines of context. Lines are split on `\n`; a final newline ends the last
 * line rather than starting an empty one, so texts that differ only in it give `[]`, like
 * equal texts. The empty string has no lines.
 */
export function diffTextLines(from: string, to: string, contextLines: number = CONTEXT_LINES): TextHunk[] {
  if (from === to) return [];
  const fromLines = splitLines(from);
  const toLines = splitLines(to);
  // Shared head and tail are matched outright, so a long streamed append costs O(n), not O(n·d).
  let head = 0;
  while (head < fromLines.length && head < toLines.length && fromLines[head] === toLines[head]) head += 1;
  let tail = 0;
  while (
    tail < fromLines.length - head &&
    tail < toLines.length - head &&
    fromLines[fromLines.length - 1 - tail] === toLines[toLines.length - 1 - tail]
  ) {
    tail += 1;
  }
  const fromMiddle = fromLines.slice(head, fromLines.length - tail);
  const toMiddle = toLines.slice(head, toLines.length - tail);
  const changes = diffArrays(fromMiddle, toMiddle, { maxEditLength: MAX_EDIT_LINES });
  const middle: TextHunk[] = changes
    ? changes.map((change) => ({ op: change.added ? 'add' : change.removed ? 'remove' : 'equal', lines: change.value }))
    : [
        { op: 'remove', lines: fromMiddle },
        { op: 'add', lines: toMiddle },
      ];
  if (!middle.some((hunk) => hunk.op !== 'equal' && hunk.lines.length > 0)) return [];
  const hunks = withoutEmpty([
    { op: 'equal', lines: fromLines.slice(0, head) },
    ...middle,
    { op: 'equal', lines: fromLines.slice(fromLines.length - tail) },
  ]);
  return collapseEqualRuns(hunks, contextLines);
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

function withoutEmpty(hunks: TextHunk[]): TextHunk[] {
  return hunks.filter((hunk) => hunk.lines.length > 0);
}

/** Keeps `context` lines of each unchanged run next to a change; the rest becomes a skip. */
function collapseEqualRuns(hunks: TextHunk[], context: number): TextHunk[] {
  const out: TextHunk[] = [];
  hunks.forEach((hunk, i) => {
    if (hunk.op !== 'equal') {
      out.push(hunk);
      return;
    }
    const keepHead = i > 0 ? context : 0; // a change comes before this run
    const keepTail = i < hunks.length - 1 ? context : 0; // a change comes after it
    const { lines } = hunk;
    if (lines.length <= keepHead + keepTail) {
      out.push(hunk);
      return;
    }
    if (keepHead > 0) out.push({ op: 'equal', lines: lines.slice(0, keepHead) });
    out.push({ op: 'equal', lines: [], skipped: lines.length - keepHead - keepTail });
    if (keepTail > 0) out.push({ op: 'equal', lines: lines.slice(lines.length - keepTail) });
  });
  return out;
}
