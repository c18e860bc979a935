import { describe, expect, it } from 'vitest';
import { MIN_REFRESH_DELAY_MS, REFRESH_MARGIN_S, refreshDelayMs, secondsLeft } from './refresh-schedule.ts';

describe('refreshDelayMs', () => {
  const now = 1_700_000_000_000;
  const inS = (s: number) => now / 1000 + s;

  it('refreshes 30 s before expiry', () => {
    expect(REFRESH_MARGIN_S).toBe(30);
    expect(refreshDelayMs(inS(300), now)).toBe(270_000);
  });

  it('follows the IdP clock: a browser clock ahead by 10 s refreshes 10 s later by its own clock', () => {
    expect(refreshDelayMs(inS(300), now, 10)).toBe(280_000);
    expect(refreshDelayMs(inS(300), now, -10)).toBe(260_000);
  });

  it('never schedules a busy loop for tokens that are short-lived or already due', () => {
    expect(refreshDelayMs(inS(20), now)).toBe(MIN_REFRESH_DELAY_MS);
    expect(refreshDelayMs(inS(-60), now)).toBe(MIN_REFRESH_DELAY_MS);
  });
});

describe('secondsLeft', () => {
  it('counts by the IdP clock corrected for skew', () => {
    expect(secondsLeft(1_000_300, 1_000_000_000)).toBe(300);
    expect(secondsLeft(1_000_300, 1_000_000_000, 10)).toBe(310);
    expect(secondsLeft(1_000_000, 1_000_030_000)).toBe(-30);
  });
});
