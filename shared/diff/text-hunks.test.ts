import { describe, expect, it } from 'vitest';
import { diffTextLines, MAX_EDIT_LINES } from './text-hunks.ts';
import type { TextHunk } from './types.ts';

const lines = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);
const text = (from: number, to: number): string => lines(from, to).join('\n');

describe('diffTextLines', () => {
  it.each<[string, string, string, TextHunk[]]>([
    ['equal texts', 'a\nb', 'a\nb', []],
    ['both empty', '', '', []],
    ['from empty', '', 'a\nb', [{ op: 'add', lines: ['a', 'b'] }]],
    ['to empty', 'a', '', [{ op: 'remove', lines: ['a'] }]],
    [
      'one line replaced',
      'a\nb\nc',
      'a\nB\nc',
      [
        { op: 'equal', lines: ['a'] },
        { op: 'remove', lines: ['b'] },
        { op: 'add', lines: ['B'] },
        { op: 'equal', lines: ['c'] },
      ],
    ],
    ['streamed append', 'Hello', 'Hello\nworld', [{ op: 'equal', lines: ['Hello'] }, { op: 'add', lines: ['world'] }]],
    ['a final newline alone is no change', 'a\nb', 'a\nb\n', []],
    ['a final newline ends the last line', 'a\n', 'a\nb\n', [{ op: 'equal', lines: ['a'] }, { op: 'add', lines: ['b'] }]],
    ['an empty line is a line', 'a\n', 'a\n\n', [{ op: 'equal', lines: ['a'] }, { op: 'add', lines: [''] }]],
  ])('%s', (_name, from, to, hunks) => {
    expect(diffTextLines(from, to)).toEqual(hunks);
  });

  it('keeps three lines of context around a change and collapses the rest', () => {
    const from = text(1, 20);
    const to = from.replace('line 10', 'line ten');
    expect(diffTextLines(from, to)).toEqual([
      { op: 'equal', lines: [], skipped: 6 },
      { op: 'equal', lines: lines(7, 9) },
      { op: 'remove', lines: ['line 10'] },
      { op: 'add', lines: ['line ten'] },
      { op: 'equal', lines: lines(11, 13) },
      { op: 'equal', lines: [], skipped: 7 },
    ]);
  });

  it('collapses a long unchanged run between two changes to context on both sides', () => {
    const from = text(1, 30);
    const to = from.replace('line 1\n', 'first\n').replace('line 30', 'last');
    const hunks = diffTextLines(from, to);
    expect(hunks.map((h) => h.op)).toEqual(['remove', 'add', 'equal', 'equal', 'equal', 'remove', 'add']);
    expect(hunks[2]).toEqual({ op: 'equal', lines: lines(2, 4) });
    expect(hunks[3]).toEqual({ op: 'equal', lines: [], skipped: 22 });
    expect(hunks[4]).toEqual({ op: 'equal', lines: lines(27, 29) });
  });

  it('does not collapse a run that context would cover anyway', () => {
    const from = text(1, 8);
    const to = from.replace('line 1\n', 'one\n').replace('line 8', 'eight');
    expect(diffTextLines(from, to).filter((h) => h.op === 'equal')).toEqual([{ op: 'equal', lines: lines(2, 7) }]);
  });

  it('gives up on a minimal diff past the edit limit but still reports every line', () => {
    const from = ['same', ...Array.from({ length: MAX_EDIT_LINES }, (_, i) => `a${i}`), 'end'].join('\n');
    const to = ['same', ...Array.from({ length: MAX_EDIT_LINES }, (_, i) => `b${i}`), 'end'].join('\n');
    const hunks = diffTextLines(from, to);
    expect(hunks.map((h) => [h.op, h.lines.length])).toEqual([
      ['equal', 1],
      ['remove', MAX_EDIT_LINES],
      ['add', MAX_EDIT_LINES],
      ['equal', 1],
    ]);
  });

  it('reports a long streamed append as one added run after the last context lines', () => {
    const from = text(1, 50);
    const to = `${from}\n${text(51, 5050)}`;
    const hunks = diffTextLines(from, to);
    expect(hunks).toEqual([
      { op: 'equal', lines: [], skipped: 47 },
      { op: 'equal', lines: lines(48, 50) },
      { op: 'add', lines: lines(51, 5050) },
    ]);
  });
});
