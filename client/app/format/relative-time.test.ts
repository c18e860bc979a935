import { describe, expect, it } from 'vitest';
import { formatRelativeTime } from './relative-time.ts';

const now = Date.parse('2025-06-15T12:00:00Z');
const ago = (ms: number): string => new Date(now - ms).toISOString();

describe('formatRelativeTime', () => {
  it.each([
    [ago(5_000), 'just now'],
    [ago(60_000), '1 minute ago'],
    [ago(5 * 60_000), '5 minutes ago'],
    [ago(3 * 3600_000), '3 hours ago'],
    [ago(26 * 3600_000), 'yesterday'],
    [ago(9 * 24 * 3600_000), 'last week'],
    [ago(400 * 24 * 3600_000), 'last year'],
    [new Date(now + 2 * 3600_000).toISOString(), 'in 2 hours'],
    ['not a date', ''],
  ])('%s → %s', (iso, expected) => {
    expect(formatRelativeTime(iso, now)).toBe(expected);
  });
});
