import { describe, expect, it } from 'vitest';
import type { ArtifactSummary } from '../api/index.ts';
import { galleryView, kindOptions, latestVersionLabel, ownerLabel, parseShow, parseSort } from './gallery-filters.ts';

const summary = (kind: string): ArtifactSummary => ({
  id: kind || 'none',
  title: 't',
  kind,
  owner: 'alice',
  ownerName: 'Alice',
  orgId: 'acme',
  visibility: 'private',
  remixedFrom: null,
  yourShare: null,
  pinnedVersion: null,
  updatedAt: '2025-01-01T00:00:00Z',
  createdAt: '2025-01-01T00:00:00Z',
  latestVersion: null,
});

describe('kindOptions', () => {
  it('merges kinds seen before with the listed ones and the selected one, sorted, no blanks', () => {
    expect(kindOptions(new Set(['report']), [summary('incident'), summary(''), summary('report')], 'walkthrough')).toEqual([
      'incident',
      'report',
      'walkthrough',
    ]);
  });

  it('keeps every known kind while a filter narrows the list', () => {
    expect(kindOptions(new Set(['incident', 'report']), [summary('incident')], 'incident')).toEqual(['incident', 'report']);
  });
});

describe('latestVersionLabel', () => {
  it.each([
    [3, 'v3'],
    [null, 'no versions'],
    [undefined, 'no versions'],
    [0, 'no versions'],
  ])('%s → %s', (n, label) => {
    expect(latestVersionLabel(n)).toBe(label);
  });
});

describe('galleryView', () => {
  const row = (id: string, owner: string, title: string, createdAt: string, updatedAt: string): ArtifactSummary => ({ ...summary('k'), id, owner, ownerName: owner.toUpperCase(), title, createdAt, updatedAt });
  const rows = [
    row('a', 'alice', 'beta', '2025-01-01T00:00:00Z', '2025-03-01T00:00:00Z'),
    row('b', 'bob', 'Alpha', '2025-02-01T00:00:00Z', '2025-02-02T00:00:00Z'),
    row('c', 'carol', 'gamma', '2025-03-01T00:00:00Z', '2025-03-02T00:00:00Z'),
  ];

  it('filters mine and shared with me by owner, and sorts by updated, created or title', () => {
    expect(galleryView(rows, 'all', 'updated', 'alice').map((a) => a.id)).toEqual(['c', 'a', 'b']);
    expect(galleryView(rows, 'all', 'created', 'alice').map((a) => a.id)).toEqual(['c', 'b', 'a']);
    expect(galleryView(rows, 'all', 'title', 'alice').map((a) => a.id)).toEqual(['b', 'a', 'c']);
    expect(galleryView(rows, 'mine', 'updated', 'alice').map((a) => a.id)).toEqual(['a']);
    expect(galleryView(rows, 'shared', 'title', 'alice').map((a) => a.id)).toEqual(['b', 'c']);
    expect(rows.map((a) => a.id)).toEqual(['a', 'b', 'c']); // the input is left as it was
  });

  it('reads unknown URL values as the defaults and names owners', () => {
    expect([parseShow('mine'), parseShow('x'), parseShow(undefined)]).toEqual(['mine', 'all', 'all']);
    expect([parseSort('title'), parseSort('created'), parseSort('')]).toEqual(['title', 'created', 'updated']);
    expect(ownerLabel(rows[0] as ArtifactSummary, 'alice')).toBe('yours');
    expect(ownerLabel(rows[1] as ArtifactSummary, 'alice')).toBe('by BOB');
  });
});
