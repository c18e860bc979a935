import { render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { describe, expect, test } from 'vitest';
import type { TimelineEvent, TimelineSection } from '../schema/types.ts';
import type { RenderOptions } from './render-options.ts';
import { TIMELINE_VISIBLE_EVENTS } from './render-options.ts';
import { formatInZone, formatRelative } from './time-format.ts';
import { filterEvents, renderTimeline } from './timeline.ts';

function ssr(section: TimelineSection, options?: RenderOptions): string {
  return collectResultSync(render(renderTimeline(section, options))).replace(/<!--[\s\S]*?-->/g, '').replace(/<\?>/g, '');
}

function events(n: number): TimelineEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `e${i}`,
    at: new Date(Date.UTC(2026, 10, 21, 10, 0, i)).toISOString(),
    title: i % 50 === 7 ? `Database failover ${i}` : `Event ${i}`,
    severity: i % 3 === 0 ? 'critical' : 'info',
  }));
}

describe('timeline', () => {
  test('a long timeline shows its newest events and folds the rest in a <details>', () => {
    const out = ssr({ id: 't', type: 'timeline', events: events(600) });
    const earlier = 600 - TIMELINE_VISIBLE_EVENTS;
    expect(out).toContain(`<summary class="la-timeline__more">Show ${earlier} earlier events</summary>`);
    expect(out).toMatch(/<details class="la-timeline__earlier">/);
    expect(out).not.toMatch(/<details[^>]* open/);
    // every event stays in the markup (a frozen page has no script to fetch them)
    expect(out.match(/class="la-timeline__event /g)).toHaveLength(600);
    const afterFold = out.slice(out.indexOf('</details>'));
    expect(afterFold.match(/class="la-timeline__event /g)).toHaveLength(TIMELINE_VISIBLE_EVENTS);
    expect(afterFold).toContain('id="event-e599"');
    expect(afterFold).not.toContain('id="event-e579"');
  });

  test('a short timeline has no fold', () => {
    expect(ssr({ id: 't', type: 'timeline', events: events(5) })).not.toContain('<details');
  });

  test('each event has an anchor, a link to it and its time with seconds, UTC on hover', () => {
    const out = ssr({ id: 't', type: 'timeline', events: events(2) });
    expect(out).toContain('<li class="la-timeline__event la-sev--critical" id="event-e0" data-event-id="e0">');
    expect(out).toContain('<a class="la-anchor" href="#event-e1" aria-label="Link to event: Event 1" title="Link to this event"></a>');
    expect(out).toContain('<time class="la-timeline__time" datetime="2026-11-21T10:00:01.000Z" title="2026-11-21 10:00:01 UTC">2026-11-21 10:00:01 UTC</time>');
    expect(out).not.toContain('la-ago');
  });

  test('the live page gets times in the reader zone and relative-time slots', () => {
    const out = ssr({ id: 't', type: 'timeline', events: events(1) }, { timeZone: 'Europe/Paris', relativeTimes: true });
    expect(out).toContain('title="2026-11-21 10:00:00 UTC">2026-11-21 11:00:00 GMT+1</time>');
    expect(out).toContain('<span class="la-ago" data-at="2026-11-21T10:00:00.000Z"></span>');
  });

  test('a filter keeps matching events, all of them, and says how many', () => {
    const all = events(600);
    const out = ssr({ id: 't', type: 'timeline', events: all }, { timelineFilter: { severities: ['critical'], text: 'failover' } });
    const expected = all.filter((e) => e.severity === 'critical' && e.title.includes('failover'));
    expect(expected.length).toBeGreaterThan(0);
    expect(out).not.toContain('<details');
    expect(out.match(/class="la-timeline__event /g)).toHaveLength(expected.length);
    expect(out).toContain(`${expected.length} of 600 events match`);
    const none = ssr({ id: 't', type: 'timeline', events: all }, { timelineFilter: { severities: [], text: 'nothing like this' } });
    expect(none).toContain('No events match this filter.');
  });

  test('filterEvents: severities OR-ed, words AND-ed, case-insensitive, over title, body and actor', () => {
    const list: TimelineEvent[] = [
      { id: 'a', at: '2026-01-01T00:00:00Z', title: 'Alert', severity: 'critical', actor: 'PagerDuty' },
      { id: 'b', at: '2026-01-01T00:01:00Z', title: 'Rollback', severity: 'warning', body: 'db-1 restarted' },
      { id: 'c', at: '2026-01-01T00:02:00Z', title: 'Note' },
    ];
    const ids = (f: Parameters<typeof filterEvents>[1]) => filterEvents(list, f).map((e) => e.id);
    expect(ids(undefined)).toEqual(['a', 'b', 'c']);
    expect(ids({ severities: ['critical', 'warning'], text: '' })).toEqual(['a', 'b']);
    expect(ids({ severities: [], text: 'pagerduty' })).toEqual(['a']);
    expect(ids({ severities: [], text: 'DB-1 rest' })).toEqual(['b']);
    expect(ids({ severities: [], text: 'db-1 alert' })).toEqual([]);
    expect(ids({ severities: ['info'], text: '' })).toEqual([]);
  });

  test('relative and zoned times', () => {
    const at = Date.UTC(2026, 0, 1, 12);
    expect(formatRelative(at, at + 3000)).toBe('just now');
    expect(formatRelative(at, at + 45_000)).toBe('45 s ago');
    expect(formatRelative(at, at + 3 * 60_000 + 10_000)).toBe('3 min ago');
    expect(formatRelative(at, at + 2 * 3_600_000)).toBe('2 h ago');
    expect(formatRelative(at, at + 5 * 86_400_000)).toBe('5 d ago');
    expect(formatRelative(at, at - 120_000)).toBe('in 2 min');
    expect(formatInZone('2026-07-01T12:00:05Z', 'America/New_York')).toBe('2026-07-01 08:00:05 EDT');
    expect(formatInZone('2026-07-01T12:00:05Z', 'Not/AZone')).toBe('2026-07-01 12:00:05 UTC');
  });
});
