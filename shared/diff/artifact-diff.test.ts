import { describe, expect, it } from 'vitest';
import type { ArtifactJSON, Section } from '../schema/types.ts';
import { diffArtifacts, isEmptyDiff } from './artifact-diff.ts';
import type { ArtifactDiff, ChangedSection } from './types.ts';

const artifact = (sections: Section[], meta: Partial<ArtifactJSON['meta']> = {}): ArtifactJSON => ({
  id: 'aaaaaaaaaaaaaaaa',
  meta: { title: 'Incident', kind: 'incident', ...meta },
  sections,
});

const md = (id: string, text: string, title?: string): Section => ({ id, type: 'markdown', text, ...(title ? { title } : {}) });
const PNG = `data:image/png;base64,${'A'.repeat(16_400)}`; // 12,300 bytes decoded
const JPEG = `data:image/jpeg;base64,${'B'.repeat(398)}==`;

const EVERY_TYPE: Section[] = [
  md('intro', 'Hello\nworld', 'Summary'),
  { id: 'fix', type: 'code', language: 'ts', code: 'let a = 1;', diff: '-a\n+b' },
  { id: 'latency', type: 'chart', chart: 'line', series: [{ name: 'p99', points: [[1, 10], [2, 12]] }] },
  { id: 'tl', type: 'timeline', events: [{ id: 'e1', at: '2025-01-01T00:00:00Z', title: 'Paged' }] },
  { id: 'todo', type: 'checklist', items: [{ id: 'i1', text: 'Roll back', done: false }] },
  { id: 'hosts', type: 'table', columns: ['host', 'errors'], rows: [['a', 1], ['b', 2]] },
  { id: 'note', type: 'callout', tone: 'warning', text: 'Degraded' },
  { id: 'kpi', type: 'metrics', items: [{ label: 'Errors', value: 12 }, { label: 'Users', value: 3 }] },
  { id: 'shot', type: 'image', src: PNG, alt: 'Dashboard' },
];

/** The `to` artifact: every section of EVERY_TYPE with one edit applied to the one with `id`. */
const edit = (id: string, change: (section: Section) => Section): ArtifactJSON =>
  artifact(EVERY_TYPE.map((s) => (s.id === id ? change(s) : s)));

const onlyChange = (diff: ArtifactDiff): ChangedSection => {
  expect(diff.summary).toEqual({ added: 0, removed: 0, moved: 0, changed: 1 });
  return diff.changed[0] as ChangedSection;
};

describe('diffArtifacts', () => {
  it('finds nothing between identical artifacts, even with keys in another order', () => {
    const copy = JSON.parse(JSON.stringify(artifact(EVERY_TYPE))) as ArtifactJSON;
    copy.sections = copy.sections.map((s) => Object.fromEntries(Object.entries(s).reverse()) as unknown as Section);
    const diff = diffArtifacts(artifact(EVERY_TYPE), copy);
    expect(diff).toEqual({ meta: {}, added: [], removed: [], moved: [], changed: [], summary: { added: 0, removed: 0, moved: 0, changed: 0 } });
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('reports meta changes field by field, absent as null', () => {
    const diff = diffArtifacts(artifact([], { status: 'open' }), artifact([], { title: 'Incident 42', emoji: '🔥' }));
    expect(diff.meta).toEqual({
      emoji: { from: null, to: '🔥' },
      status: { from: 'open', to: null },
      title: { from: 'Incident', to: 'Incident 42' },
    });
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it('lists added and removed sections with their content and position', () => {
    const diff = diffArtifacts(artifact([md('a', 'A'), md('b', 'B')]), artifact([md('a', 'A'), md('c', 'C')]));
    expect(diff.added).toEqual([{ section: md('c', 'C'), index: 1 }]);
    expect(diff.removed).toEqual([{ section: md('b', 'B'), index: 1 }]);
    expect(diff.summary).toEqual({ added: 1, removed: 1, moved: 0, changed: 0 });
  });

  it('treats a changed section type as removed and added, not moved or changed', () => {
    const before = artifact([md('x', 'text'), md('y', 'Y')]);
    const after = artifact([md('y', 'Y'), { id: 'x', type: 'callout', tone: 'info', text: 'text' }]);
    const diff = diffArtifacts(before, after);
    expect(diff.removed.map((s) => [s.section.id, s.section.type])).toEqual([['x', 'markdown']]);
    expect(diff.added.map((s) => [s.section.id, s.section.type])).toEqual([['x', 'callout']]);
    expect(diff.summary).toEqual({ added: 1, removed: 1, moved: 0, changed: 0 });
  });

  it('marks only the section that moved, with both positions', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const before = artifact(ids.map((id) => md(id, id)));
    const after = artifact(['e', 'a', 'b', 'c', 'd'].map((id) => md(id, id)));
    expect(diffArtifacts(before, after).moved).toEqual([{ id: 'e', fromIndex: 4, toIndex: 0 }]);
  });

  it('does not call sections moved when others were inserted or removed around them', () => {
    const before = artifact(['a', 'b', 'c', 'd'].map((id) => md(id, id)));
    const after = artifact(['new', 'a', 'c', 'd', 'tail'].map((id) => md(id, id)));
    const diff = diffArtifacts(before, after);
    expect(diff.moved).toEqual([]);
    expect(diff.summary).toEqual({ added: 2, removed: 1, moved: 0, changed: 0 });
  });

  it('names moved and changed sections by their title when they have one', () => {
    const diff = diffArtifacts(artifact([md('a', 'A'), md('b', 'B', 'Bee')]), artifact([md('b', 'B!', 'Bee'), md('a', 'A')]));
    expect(diff.moved).toEqual([{ id: 'b', label: 'Bee', fromIndex: 1, toIndex: 0 }]);
    expect(diff.changed[0]).toMatchObject({ id: 'b', label: 'Bee' });
  });

  it('reports a section that moved and changed in both lists', () => {
    const diff = diffArtifacts(artifact([md('a', 'A'), md('b', 'B'), md('c', 'C')]), artifact([md('c', 'C2'), md('a', 'A'), md('b', 'B')]));
    expect(diff.moved).toEqual([{ id: 'c', fromIndex: 2, toIndex: 0 }]);
    expect(diff.changed.map((c) => c.id)).toEqual(['c']);
  });

  it.each<[string, string, (s: Section) => Section, Partial<ChangedSection>]>([
    [
      'title',
      'intro',
      (s) => ({ ...s, title: 'Overview' }),
      { id: 'intro', type: 'markdown', label: 'Overview', title: { from: 'Summary', to: 'Overview' } },
    ],
    [
      'markdown text',
      'intro',
      (s) => ({ ...s, text: 'Hello\nthere' }),
      {
        type: 'markdown',
        label: 'Summary',
        text: [
          { op: 'equal', lines: ['Hello'] },
          { op: 'remove', lines: ['world'] },
          { op: 'add', lines: ['there'] },
        ],
      },
    ],
    [
      'callout tone and text',
      'note',
      (s) => ({ ...s, tone: 'success', text: 'Recovered' }),
      {
        type: 'callout',
        tone: { from: 'warning', to: 'success' },
        text: [
          { op: 'remove', lines: ['Degraded'] },
          { op: 'add', lines: ['Recovered'] },
        ],
      },
    ],
    [
      'code, language and removed diff',
      'fix',
      (s) => ({ id: s.id, type: 'code', language: 'js', code: 'let a = 1;\nlet b = 2;' }),
      {
        type: 'code',
        language: { from: 'ts', to: 'js' },
        code: [
          { op: 'equal', lines: ['let a = 1;'] },
          { op: 'add', lines: ['let b = 2;'] },
        ],
        diff: [{ op: 'remove', lines: ['-a', '+b'] }],
      },
    ],
    [
      'timeline events',
      'tl',
      () => ({
        id: 'tl',
        type: 'timeline',
        events: [
          { id: 'e1', at: '2025-01-01T00:00:00Z', title: 'Paged', severity: 'critical' },
          { id: 'e2', at: '2025-01-01T00:05:00Z', title: 'Mitigated' },
        ],
      }),
      {
        type: 'timeline',
        events: {
          added: [{ id: 'e2', at: '2025-01-01T00:05:00Z', title: 'Mitigated' }],
          removed: [],
          changed: [
            {
              key: 'e1',
              from: { id: 'e1', at: '2025-01-01T00:00:00Z', title: 'Paged' },
              to: { id: 'e1', at: '2025-01-01T00:00:00Z', title: 'Paged', severity: 'critical' },
            },
          ],
        },
      },
    ],
    [
      'checklist items',
      'todo',
      () => ({ id: 'todo', type: 'checklist', items: [{ id: 'i2', text: 'Write postmortem', done: false }] }),
      {
        type: 'checklist',
        items: { added: [{ id: 'i2', text: 'Write postmortem', done: false }], removed: [{ id: 'i1', text: 'Roll back', done: false }], changed: [] },
      },
    ],
    [
      'checklist order only',
      'todo',
      () => ({
        id: 'todo',
        type: 'checklist',
        items: [
          { id: 'i0', text: 'First', done: true },
          { id: 'i1', text: 'Roll back', done: false },
        ],
      }),
      { type: 'checklist', items: { added: [{ id: 'i0', text: 'First', done: true }], removed: [], changed: [] } },
    ],
    [
      'metrics by label',
      'kpi',
      () => ({ id: 'kpi', type: 'metrics', items: [{ label: 'Users', value: 3 }, { label: 'Errors', value: 4, delta: -8 }, { label: 'p99', value: 120, unit: 'ms' }] }),
      {
        type: 'metrics',
        items: {
          added: [{ label: 'p99', value: 120, unit: 'ms' }],
          removed: [],
          changed: [{ key: 'Errors', from: { label: 'Errors', value: 12 }, to: { label: 'Errors', value: 4, delta: -8 } }],
          reordered: true,
        },
      },
    ],
    [
      'table columns and rows',
      'hosts',
      () => ({ id: 'hosts', type: 'table', columns: ['host', 'errors', 'region'], rows: [['b', 2], ['c', 0]] }),
      {
        type: 'table',
        columns: { from: ['host', 'errors'], to: ['host', 'errors', 'region'] },
        rows: { added: [['c', 0]], removed: [['a', 1]] },
      },
    ],
    [
      'chart points and series',
      'latency',
      () => ({
        id: 'latency',
        type: 'chart',
        chart: 'area',
        yLabel: 'ms',
        series: [
          { name: 'p99', points: [[2, 12], [3, 9]] },
          { name: 'p50', points: [[1, 4]] },
        ],
      }),
      {
        type: 'chart',
        chart: { from: 'line', to: 'area' },
        yLabel: { from: null, to: 'ms' },
        series: { added: [{ name: 'p50', points: [[1, 4]] }], removed: [], points: [{ name: 'p99', added: [[3, 9]], removed: [[1, 10]] }] },
      },
    ],
    [
      'chart series removed',
      'latency',
      (s) => ({ ...s, series: [] }),
      { type: 'chart', series: { added: [], removed: [{ name: 'p99', points: [[1, 10], [2, 12]] }], points: [] } },
    ],
    [
      'image source and alt, described not copied',
      'shot',
      () => ({ id: 'shot', type: 'image', src: JPEG, alt: 'New dashboard' }),
      {
        type: 'image',
        src: { from: 'data:image/png (12.3 kB)', to: 'data:image/jpeg (298 B)' },
        alt: { from: 'Dashboard', to: 'New dashboard' },
      },
    ],
  ])('reports a change of %s', (_name, id, change, expected) => {
    const diff = diffArtifacts(artifact(EVERY_TYPE), edit(id, change));
    const changed = onlyChange(diff);
    expect(changed).toEqual({ id, fromIndex: changed.fromIndex, toIndex: changed.fromIndex, ...expected });
    expect(JSON.parse(JSON.stringify(diff))).toEqual(diff); // plain JSON, nothing lost on the wire
  });

  it('compares table rows as a multiset: duplicates count, order does not', () => {
    const table = (rows: (string | number)[][]): ArtifactJSON => artifact([{ id: 't', type: 'table', columns: ['k', 'v'], rows }]);
    const shuffled = diffArtifacts(table([['a', 1], ['b', 2], ['a', 1]]), table([['a', 1], ['a', 1], ['b', 2]]));
    expect(shuffled.changed).toEqual([]);
    const oneDuplicateLess = diffArtifacts(table([['a', 1], ['b', 2], ['a', 1]]), table([['b', 2], ['a', 1]]));
    expect(oneDuplicateLess.changed[0]).toMatchObject({ rows: { added: [], removed: [['a', 1]] } });
    const oneMore = diffArtifacts(table([['a', 1]]), table([['a', 1], ['a', 1], ['a', 1]]));
    expect(oneMore.changed[0]).toMatchObject({ rows: { added: [['a', 1], ['a', 1]], removed: [] } });
    const typed = diffArtifacts(table([['1', 1]]), table([[1, 1]]));
    expect(typed.changed[0]).toMatchObject({ rows: { added: [[1, 1]], removed: [['1', 1]] } });
  });

  it('never puts image data in a diff, also for added and removed image sections', () => {
    const before = artifact([{ id: 'old', type: 'image', src: PNG, alt: 'a' }]);
    const after = artifact([{ id: 'new', type: 'image', src: JPEG, alt: 'b' }]);
    const diff = diffArtifacts(before, after);
    const json = JSON.stringify(diff);
    expect(json).not.toContain('AAAA');
    expect(json).not.toContain('BBBB');
    expect(diff.removed[0]?.section).toEqual({ id: 'old', type: 'image', src: 'data:image/png (12.3 kB)', alt: 'a' });
    expect(diff.added[0]?.section).toEqual({ id: 'new', type: 'image', src: 'data:image/jpeg (298 B)', alt: 'b' });
  });

  it('does not mutate its inputs', () => {
    const before = artifact(EVERY_TYPE);
    const after = edit('shot', (s) => ({ ...s, src: JPEG }));
    const snapshot = JSON.stringify([before, after]);
    diffArtifacts(before, after);
    expect(JSON.stringify([before, after])).toBe(snapshot);
  });
});
