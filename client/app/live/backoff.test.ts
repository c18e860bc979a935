import { describe, expect, it } from 'vitest';
import { backoffDelayMs, RECOVERY_BACKOFF } from './backoff.ts';

const options = { initialDelayMs: 1_000, factor: 2, maxDelayMs: 15_000 };

describe('backoffDelayMs', () => {
  it('doubles from the initial delay up to the cap (no jitter at the top of the range)', () => {
    const schedule = Array.from({ length: 8 }, (_, attempt) => backoffDelayMs(attempt, options, () => 1));
    expect(schedule).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000, 15_000]);
  });

  it('jitters between half and all of the capped delay', () => {
    expect(backoffDelayMs(0, options, () => 0)).toBe(500);
    expect(backoffDelayMs(2, options, () => 0.5)).toBe(3_000);
    expect(backoffDelayMs(30, options, () => 0)).toBe(7_500);
    for (let attempt = 0; attempt < 12; attempt++) {
      const capped = Math.min(15_000, 1_000 * 2 ** attempt);
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelayMs(attempt, options);
        expect(delay).toBeGreaterThanOrEqual(capped / 2);
        expect(delay).toBeLessThanOrEqual(capped);
      }
    }
  });

  it('spreads pages refused at the same instant', () => {
    const delays = new Set(Array.from({ length: 100 }, () => backoffDelayMs(3, options)));
    expect(delays.size).toBeGreaterThan(50);
  });

  it('treats odd attempts and random values as the nearest sane ones', () => {
    expect(backoffDelayMs(-3, options, () => 1)).toBe(1_000);
    expect(backoffDelayMs(1.7, options, () => 1)).toBe(2_000);
    expect(backoffDelayMs(0, options, () => 7)).toBe(1_000);
    expect(backoffDelayMs(0, options, () => -1)).toBe(500);
  });

  it('uses the recovery schedule by default: a first look within a second, never more than 15 s apart', () => {
    expect(backoffDelayMs(0, undefined, () => 1)).toBe(RECOVERY_BACKOFF.initialDelayMs);
    expect(backoffDelayMs(100, undefined, () => 1)).toBe(15_000);
  });
});
