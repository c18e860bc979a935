import { describe, expect, it } from 'vitest';
import { describeDetails, eventsQuery, NO_FILTERS } from './audit-filters.ts';

describe('eventsQuery', () => {
  it('asks for the newest first with only the filters that are set', () => {
    expect(eventsQuery(NO_FILTERS)).toBe('order=desc&limit=50');
    expect(eventsQuery({ ...NO_FILTERS, action: 'viewed', actor: ' bob ', artifact: 'abc' }, 'CUR', 10)).toBe('order=desc&limit=10&action=viewed&actor=bob&artifact=abc&cursor=CUR');
  });

  it('turns the date range into whole local days, the end day included', () => {
    const query = new URLSearchParams(eventsQuery({ ...NO_FILTERS, fromDate: '2026-03-01', toDate: '2026-03-01' }));
    expect(query.get('from')).toBe(new Date(2026, 2, 1).toISOString());
    expect(query.get('to')).toBe(new Date(2026, 2, 2).toISOString());
  });

  it('ignores dates that are not dates', () => {
    expect(eventsQuery({ ...NO_FILTERS, fromDate: 'yesterday', toDate: '2026-13' })).toBe('order=desc&limit=50');
  });
});

describe('describeDetails', () => {
  it.each([
    [{}, ''],
    [{ ops: 3 }, 'ops 3'],
    [{ visibility: 'org', users: 0 }, 'visibility org · users 0'],
    [{ nested: { a: 1 } }, 'nested {"a":1}'],
  ])('%j → %s', (details, text) => {
    expect(describeDetails(details)).toBe(text);
  });
});
