import { describe, expect, it } from 'vitest';
import type { ArtifactSummary } from '../api/index.ts';
import { kindOptions, latestVersionLabel } from './gallery-filters.ts';

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
