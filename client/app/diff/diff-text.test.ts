import { describe, expect, it } from 'vitest';
import { displayValue, fieldChanges, hunkLines } from './diff-text.ts';

describe('fieldChanges', () => {
  it('lists the fields that differ, not the key, with absent shown as none', () => {
    expect(
      fieldChanges({ id: 'e1', at: 't', title: 'Paged', body: 'x' }, { id: 'e1', at: 't', title: 'Paged!', severity: 'critical' }),
    ).toEqual([
      { field: 'title', from: 'Paged', to: 'Paged!' },
      { field: 'body', from: 'x', to: 'none' },
      { field: 'severity', from: 'none', to: 'critical' },
    ]);
  });

  it('uses another key field when told, and compares values of any type', () => {
    expect(fieldChanges({ label: 'Errors', value: 12 }, { label: 'Errors', value: 4, delta: -8 }, 'label')).toEqual([
      { field: 'value', from: '12', to: '4' },
      { field: 'delta', from: 'none', to: '-8' },
    ]);
    expect(fieldChanges({ id: 'i', done: false }, { id: 'i', done: true })).toEqual([{ field: 'done', from: 'false', to: 'true' }]);
  });
});

describe('displayValue', () => {
  it.each([
    [undefined, 'none'],
    [null, 'none'],
    ['', 'none'],
    ['text', 'text'],
    [0, '0'],
    [['a', 'b'], '["a","b"]'],
  ])('%j → %s', (value, text) => {
    expect(displayValue(value)).toBe(text);
  });
});

describe('hunkLines', () => {
  it('flattens hunks into lines with skip markers', () => {
    expect(
      hunkLines([
        { op: 'equal', lines: [], skipped: 10 },
        { op: 'equal', lines: ['a'] },
        { op: 'remove', lines: ['b'] },
        { op: 'add', lines: ['B', 'C'] },
      ]),
    ).toEqual([
      { kind: 'skip', count: 10 },
      { kind: 'equal', text: 'a' },
      { kind: 'remove', text: 'b' },
      { kind: 'add', text: 'B' },
      { kind: 'add', text: 'C' },
    ]);
  });

  it('stops at the limit and counts the changed lines it left out', () => {
    const lines = hunkLines(
      [
        { op: 'add', lines: ['1', '2', '3'] },
        { op: 'equal', lines: ['x'] },
        { op: 'remove', lines: ['4', '5'] },
      ],
      2,
    );
    expect(lines).toEqual([
      { kind: 'add', text: '1' },
      { kind: 'add', text: '2' },
      { kind: 'truncated', count: 3 },
    ]);
  });
});
