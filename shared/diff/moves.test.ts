import { describe, expect, it } from 'vitest';
import { longestIncreasingSubsequence, movedKeys } from './moves.ts';

const split = (s: string): string[] => (s === '' ? [] : s.split(''));

describe('movedKeys', () => {
  it.each([
    ['', '', []],
    ['abcd', 'abcd', []],
    ['abcd', 'dabc', ['d']],
    ['abcd', 'bcda', ['a']],
    ['abcdef', 'abdcef', ['d']],
    ['abcdef', 'fbcdea', ['f', 'a']],
    ['ab', 'ba', ['b']],
    ['abcdef', 'fedcba', ['f', 'e', 'd', 'c', 'b']],
  ])('%s → %s moves %j', (from, to, moved) => {
    expect([...movedKeys(split(from), split(to))]).toEqual(moved);
  });

  it('moves the fewest keys for random permutations (seeded)', () => {
    let seed = 0x2f6e2b1;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let round = 0; round < 200; round += 1) {
      const n = 1 + Math.floor(random() * 12);
      const from = Array.from({ length: n }, (_, i) => `k${i}`);
      const to = [...from];
      for (let i = to.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [to[i], to[j]] = [to[j] as string, to[i] as string];
      }
      const moved = movedKeys(from, to);
      const stayed = to.filter((k) => !moved.has(k));
      // What stayed is in its old relative order, and no longer such subsequence exists.
      expect(stayed, `seed round ${round}: ${to.join(',')}`).toEqual(from.filter((k) => stayed.includes(k)));
      expect(stayed.length).toBe(bruteForceLis(to.map((k) => from.indexOf(k))));
    }
  });
});

describe('longestIncreasingSubsequence', () => {
  it.each([
    [[], []],
    [[5], [0]],
    [[3, 1, 2], [1, 2]],
    [[0, 8, 4, 12, 2, 10, 6, 14, 1, 9], [0, 4, 6, 9]],
  ])('%j → indices %j', (values, indices) => {
    expect(longestIncreasingSubsequence(values)).toEqual(indices);
  });
});

/** O(n²) reference for the length. */
function bruteForceLis(values: number[]): number {
  const best = values.map(() => 1);
  values.forEach((v, i) => {
    for (let j = 0; j < i; j += 1) if ((values[j] as number) < v) best[i] = Math.max(best[i] as number, (best[j] as number) + 1);
  });
  return Math.max(0, ...best);
}
