import { describe, expect, it } from 'vitest';
import type { Section, TimelineEvent } from '#shared/schema';
import { countNewAbove, mergeNewAbove, newAboveText, newBelowText, NOTHING_BELOW, NOTHING_NEW } from './new-above.ts';

const md = (id: string, text = id): Section => ({ id, type: 'markdown', text });
const ev = (id: string): TimelineEvent => ({ id, at: '2026-01-01T00:00:00Z', title: id });
const tl = (id: string, events: string[]): Section => ({ id, type: 'timeline', events: events.map(ev) });

describe('countNewAbove', () => {
  const a = md('a');
  const log = tl('log', ['e1', 'e2']);
  const reading = md('reading');
  const below = md('below');
  const before = [a, log, reading, below];

  it('counts sections inserted above the anchor', () => {
    const after = [md('new1'), a, log, md('new2'), reading, below];
    expect(countNewAbove(before, after, ['reading'])).toEqual({ sections: 2, events: 0, firstId: 'new1' });
  });

  it('counts events new to a timeline above the anchor, by event id', () => {
    const after = [a, tl('log', ['e0', 'e1', 'e2', 'e3', 'e4']), reading, below];
    expect(countNewAbove(before, after, ['reading'])).toEqual({ sections: 0, events: 3, firstId: 'log' });
  });

  it('adds both, and jumps to the topmost', () => {
    const after = [a, tl('log', ['e1', 'e2', 'e3']), md('new'), reading, below];
    expect(countNewAbove(before, after, ['reading'])).toEqual({ sections: 1, events: 1, firstId: 'log' });
  });

  it('ignores what arrives at or below the anchor, and edits that add nothing', () => {
    expect(countNewAbove(before, [a, log, reading, md('new'), below], ['reading'])).toBe(NOTHING_NEW);
    expect(countNewAbove(before, [md('a', 'longer text'), log, reading, below], ['reading'])).toBe(NOTHING_NEW);
    // A timeline that lost an event and had one edited: nothing new.
    expect(countNewAbove(before, [a, tl('log', ['e2']), reading, below], ['reading'])).toBe(NOTHING_NEW);
    // A section moved from below to above is not new.
    expect(countNewAbove(before, [a, below, log, reading], ['reading'])).toBe(NOTHING_NEW);
  });

  it('counts a new timeline as one section, not as its events', () => {
    expect(countNewAbove(before, [tl('fresh', ['x', 'y', 'z']), ...before], ['reading'])).toEqual({ sections: 1, events: 0, firstId: 'fresh' });
  });

  it('falls back to the next anchor candidate when the anchor was removed', () => {
    expect(countNewAbove(before, [md('new'), a, log, below], ['reading', 'below'])).toEqual({ sections: 1, events: 0, firstId: 'new' });
    expect(countNewAbove(before, [md('new'), a], ['reading', 'below'])).toBe(NOTHING_NEW);
  });

  it('has nothing above an anchor at the top', () => {
    expect(countNewAbove(before, before, ['a'])).toBe(NOTHING_NEW);
    expect(countNewAbove([], [md('x')], [])).toBe(NOTHING_NEW);
  });

  it('counts fifteen events streamed one change at a time', () => {
    let current: Section[] = [tl('log', []), reading];
    let total = { ...NOTHING_NEW };
    for (let i = 0; i < 15; i++) {
      const next: Section[] = [tl('log', Array.from({ length: i + 1 }, (_, k) => `e${k}`)), reading];
      total = mergeNewAbove(total, countNewAbove(current, next, ['reading']), next);
      current = next;
    }
    expect(total).toEqual({ sections: 0, events: 15, firstId: 'log' });
    expect(newAboveText(total)).toBe('15 new events above');
  });
});

describe('mergeNewAbove', () => {
  const order = [md('x'), md('y'), md('z')];
  it('adds counts and keeps the topmost target still on the page', () => {
    expect(mergeNewAbove({ sections: 1, events: 0, firstId: 'y' }, { sections: 0, events: 2, firstId: 'x' }, order)).toEqual({ sections: 1, events: 2, firstId: 'x' });
    expect(mergeNewAbove({ sections: 1, events: 0, firstId: 'x' }, { sections: 1, events: 0, firstId: 'z' }, order).firstId).toBe('x');
    expect(mergeNewAbove({ sections: 1, events: 0, firstId: 'gone' }, { sections: 1, events: 0, firstId: 'z' }, order).firstId).toBe('z');
    expect(mergeNewAbove(NOTHING_NEW, { sections: 1, events: 0, firstId: 'z' }, order)).toEqual({ sections: 1, events: 0, firstId: 'z' });
    expect(mergeNewAbove({ sections: 2, events: 0, firstId: 'y' }, NOTHING_NEW, order)).toEqual({ sections: 2, events: 0, firstId: 'y' });
  });
});

describe('newAboveText', () => {
  it.each([
    [{ sections: 0, events: 0 }, ''],
    [{ sections: 1, events: 0 }, '1 new section above'],
    [{ sections: 0, events: 1 }, '1 new event above'],
    [{ sections: 0, events: 15 }, '15 new events above'],
    [{ sections: 2, events: 3 }, '2 new sections and 3 new events above'],
  ])('%j → %j', (counts, text) => {
    expect(newAboveText({ ...counts, firstId: undefined })).toBe(text);
  });
});

describe('newBelowText', () => {
  it('counts events below, and says nothing for none', () => {
    expect(newBelowText(NOTHING_BELOW)).toBe('');
    expect(newBelowText({ events: 1, target: { sectionId: 't', eventId: 'e' } })).toBe('1 new event below');
    expect(newBelowText({ events: 3, target: { sectionId: 't', eventId: 'e' } })).toBe('3 new events below');
  });
});
