import { describe, expect, test } from 'vitest';
import type { Section } from '#shared/schema';
import { arrivedText, ChangedSections } from './changed-sections.ts';

const md = (id: string, text: string): Section => ({ id, type: 'markdown', text });
const tl = (id: string, ids: string[]): Section => ({
  id,
  type: 'timeline',
  title: 'Timeline',
  events: ids.map((e, i) => ({ id: e, at: `2026-01-01T00:0${i}:00Z`, title: e })),
});

describe('ChangedSections', () => {
  test('marks what changed after opening, newest last, and clears it on a visit', () => {
    const a = md('a', '1');
    const b = md('b', '1');
    const t = tl('t', ['e1']);
    const tracker = new ChangedSections();
    const open = [a, b, t];
    const next = [a, md('b', '2'), t];
    tracker.update(open, next);
    expect([...tracker.changedIds]).toEqual(['b']);
    const added = md('c', 'new');
    const arrived = tracker.update(next, [...next, added]);
    expect(arrived.count).toBe(0);
    expect([...tracker.changedIds]).toEqual(['b', 'c']);
    expect(tracker.latest).toEqual({ sectionId: 'c', eventId: undefined });
    expect(tracker.visit('b')).toBe(true);
    expect(tracker.visit('b')).toBe(false);
    expect([...tracker.changedIds]).toEqual(['c']);
  });

  test('a timeline that grew: counts its new events and jumps to the newest', () => {
    const tracker = new ChangedSections();
    const before = [tl('t', ['e1'])];
    const arrived = tracker.update(before, [tl('t', ['e1', 'e2', 'e3'])]);
    expect(arrived).toEqual({ count: 2, where: ['Timeline'] });
    expect(tracker.latest).toEqual({ sectionId: 't', eventId: 'e3' });
  });

  test('a section on screen as it changes is not marked, and removed sections drop out', () => {
    const tracker = new ChangedSections();
    const a = md('a', '1');
    tracker.update([a, md('b', '1')], [md('a', '2'), md('b', '2')], new Set(['a']));
    expect([...tracker.changedIds]).toEqual(['b']);
    tracker.update([a, md('b', '2')], [a]);
    expect([...tracker.changedIds]).toEqual([]);
    expect(tracker.latest).toBeUndefined();
  });

  test('announcement text', () => {
    expect(arrivedText(0, [])).toBe('');
    expect(arrivedText(1, ['Timeline'])).toBe('1 new event in Timeline');
    expect(arrivedText(5, ['Deploys', 'Timeline', 'Deploys'])).toBe('5 new events in Deploys and Timeline');
  });
});
