import { describe, expect, it } from 'vitest';
import type { DiffSide } from '../router/index.ts';
import { previousVersion, resolveDiffSides } from './diff-sides.ts';

const some = (from: DiffSide | undefined, to: DiffSide | undefined) => ({ from, to });

describe('resolveDiffSides', () => {
  it.each([
    ['both given', some(1, 3), [1, 2, 3], { from: 1, to: 3 }],
    ['both given, even unknown', some(9, 'live'), [1], { from: 9, to: 'live' }],
    ['neither: newest against live', some(undefined, undefined), [3, 2, 1], { from: 3, to: 'live' }],
    ['only to: the version before it', some(undefined, 3), [1, 3, 2], { from: 2, to: 3 }],
    ['only to, with a gap', some(undefined, 5), [5, 2], { from: 2, to: 5 }],
    ['only to, the oldest: newest', some(undefined, 1), [1, 2], { from: 2, to: 1 }],
    ['only from: against live', some(2, undefined), [1, 2, 3], { from: 2, to: 'live' }],
    ['only from, no versions', some(2, undefined), [], { from: 2, to: 'live' }],
  ])('%s', (_name, requested, versions, sides) => {
    expect(resolveDiffSides(requested, versions)).toEqual(sides);
  });

  it('has nothing to compare without versions', () => {
    expect(resolveDiffSides(some(undefined, undefined), [])).toBeUndefined();
    expect(resolveDiffSides(some(undefined, 'live'), [])).toBeUndefined();
  });
});

describe('previousVersion', () => {
  it.each([
    [[1, 2, 3], 3, 2],
    [[3, 1], 3, 1],
    [[1, 2], 1, undefined],
    [[], 4, undefined],
  ])('%j before %d → %s', (versions, n, expected) => {
    expect(previousVersion(versions, n)).toBe(expected);
  });
});
