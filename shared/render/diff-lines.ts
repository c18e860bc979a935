/*
 * A unified diff as numbered lines. Inside a hunk the counts of its `@@ -a,b +c,d @@` header say
 * which lines belong to it, so a removed line that reads `-- x` (shown as `--- x`) is still a
 * removal, not a file header; outside hunks the line's prefix decides.
 */

export type DiffLineKind = 'add' | 'del' | 'hunk' | 'file' | 'meta' | 'ctx';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** Line number in the old file (context and removed lines). */
  oldLine?: number;
  /** Line number in the new file (context and added lines). */
  newLine?: number;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function diffLineKind(line: string): DiffLineKind {
  if (line.startsWith('+++ ') || line.startsWith('--- ')) return 'file';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  if (/^(?:diff |index |new file|deleted file|similarity |rename |old mode|new mode|Binary files |\\ )/.test(line)) {
    return 'meta';
  }
  return 'ctx';
}

export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Every line of a unified diff with its kind and its old and new line numbers. */
export function numberDiffLines(text: string): DiffLine[] {
  let oldLine = 0;
  let newLine = 0;
  let oldLeft = 0;
  let newLeft = 0;
  return splitLines(text).map((line): DiffLine => {
    const inHunk = oldLeft > 0 || newLeft > 0;
    const first = line[0];
    if (inHunk && first !== '\\') {
      if (first === '+') {
        newLeft--;
        return { kind: 'add', text: line, newLine: newLine++ };
      }
      if (first === '-') {
        oldLeft--;
        return { kind: 'del', text: line, oldLine: oldLine++ };
      }
      if (first === ' ' || line === '') {
        oldLeft--;
        newLeft--;
        return { kind: 'ctx', text: line, oldLine: oldLine++, newLine: newLine++ };
      }
    }
    const hunk = HUNK.exec(line);
    if (hunk) {
      oldLine = Number(hunk[1]);
      oldLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      newLine = Number(hunk[3]);
      newLeft = hunk[4] === undefined ? 1 : Number(hunk[4]);
      return { kind: 'hunk', text: line };
    }
    // A line that does not fit the hunk ends it (a truncated or hand-written diff).
    oldLeft = 0;
    newLeft = 0;
    return { kind: diffLineKind(line), text: line };
  });
}

/** Lines added and removed, for a folded diff's summary. */
export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (line.kind === 'add') added++;
    else if (line.kind === 'del') removed++;
  }
  return { added, removed };
}
