import { describe, expect, test } from 'vitest';
import { extent, formatCompact, linearScale, niceTicks } from './chart-scale.ts';

describe('niceTicks', () => {
  test.each([
    [0, 10, 5, [0, 2, 4, 6, 8, 10]],
    [0, 100, 5, [0, 20, 40, 60, 80, 100]],
    [0, 97, 5, [0, 20, 40, 60, 80, 100]],
    [3, 17, 5, [0, 5, 10, 15, 20]],
    [-12, 40, 5, [-20, -10, 0, 10, 20, 30, 40]],
    [0.1, 0.9, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [1200, 98000, 4, [0, 50000, 100000]],
  ])('niceTicks(%d, %d, %d)', (min, max, count, expected) => {
    expect(niceTicks(min, max, count)).toEqual(expected);
  });

  test('ticks are nice: each step is 1, 2 or 5 times a power of ten, and they cover the range', () => {
    for (const [min, max] of [
      [0, 1],
      [0.0003, 0.0091],
      [17, 9999],
      [-5e6, 3e6],
      [41.2, 41.9],
    ] as const) {
      const ticks = niceTicks(min, max, 5);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks[0]).toBeLessThanOrEqual(min);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      const step = (ticks[1] ?? 0) - (ticks[0] ?? 0);
      const mantissa = Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(6));
      expect([1, 2, 5]).toContain(mantissa);
      for (const t of ticks) expect(String(t)).not.toMatch(/0000000|9999999/);
    }
  });

  test('swapped bounds give the same ticks', () => {
    expect(niceTicks(10, 0, 5)).toEqual(niceTicks(0, 10, 5));
  });

  test('a zero-width range is widened instead of dividing by zero', () => {
    expect(niceTicks(0, 0, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const around = niceTicks(42, 42, 5);
    expect(around.length).toBeGreaterThan(1);
    expect(around[0]).toBeLessThan(42);
    expect(around[around.length - 1]).toBeGreaterThan(42);
  });

  test('non-finite input gives no ticks', () => {
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
    expect(niceTicks(0, Number.POSITIVE_INFINITY)).toEqual([]);
  });
});

describe('formatCompact', () => {
  test.each([
    [0, '0'],
    [7, '7'],
    [950, '950'],
    [0.25, '0.25'],
    [12.345, '12.3'],
    [1234, '1.2k'],
    [1000, '1k'],
    [15_500, '15.5k'],
    [999_960, '1M'],
    [3_400_000, '3.4M'],
    [-2_500, '-2.5k'],
    [7_250_000_000, '7.3B'],
    [2e12, '2T'],
    [Number.NaN, ''],
  ])('%d → %s', (value, expected) => {
    expect(formatCompact(value)).toBe(expected);
  });
});

describe('linearScale', () => {
  test('maps the domain ends onto the range ends, inverted ranges included', () => {
    const y = linearScale([0, 100], [300, 20]);
    expect(y(0)).toBe(300);
    expect(y(100)).toBe(20);
    expect(y(50)).toBe(160);
  });

  test('a degenerate domain maps to the middle of the range', () => {
    expect(linearScale([5, 5], [0, 100])(5)).toBe(50);
  });
});

describe('extent', () => {
  test('finds min and max, or null for nothing', () => {
    expect(extent([3, -1, 7])).toEqual([-1, 7]);
    expect(extent([])).toBeNull();
  });

  test('copes with more values than a function call can take as arguments', () => {
    const many = Array.from({ length: 300_000 }, (_, i) => i % 1000);
    expect(extent(many)).toEqual([0, 999]);
  });
});
