import { describe, expect, it } from 'vitest';
import { IDLE_AFTER_MS, isIdle } from './idle-watch.ts';

describe('isIdle', () => {
  it('is idle after a minute without input, or a minute hidden, and not before', () => {
    const now = 1_000_000;
    expect(isIdle(now, now - IDLE_AFTER_MS + 1, undefined)).toBe(false);
    expect(isIdle(now, now - IDLE_AFTER_MS, undefined)).toBe(true);
    expect(isIdle(now, now, now - IDLE_AFTER_MS)).toBe(true); // hidden that long, whatever the input
    expect(isIdle(now, now, now - 1_000)).toBe(false); // hidden just now
  });
});
