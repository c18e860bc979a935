import type { Section } from '#shared/schema';

/**
 * What arrived above the part of the page the reader is looking at. The page keeps the reader's
 * view still while it grows above them (scroll-anchor.ts), so without a word they would never
 * know; this is what the "15 new events above" notice counts.
 */
export interface NewAbove {
  /** Sections that were not there before. */
  sections: number;
  /** Timeline events new to a section that was already there. */
  events: number;
  /** The topmost section with something new, where "Jump up" goes. */
  firstId: string | undefined;
}

export const NOTHING_NEW: Readonly<NewAbove> = Object.freeze({ sections: 0, events: 0, firstId: undefined });

/**
 * Counts what one change added above the reader's anchor. `anchorIds` are the anchor candidates
 * (the first visible section, then the next ones in case it was removed); the first that still
 * exists splits the page into above and not above. Sections keep their object while unchanged
 * (SectionStore), so only changed timelines are compared event by event.
 */
export function countNewAbove(before: readonly Section[], after: readonly Section[], anchorIds: readonly string[]): NewAbove {
  const ids = new Set(after.map((s) => s.id));
  const anchorId = anchorIds.find((id) => ids.has(id));
  const end = anchorId === undefined ? -1 : after.findIndex((s) => s.id === anchorId);
  if (end <= 0) return NOTHING_NEW;
  const previous = new Map(before.map((s) => [s.id, s]));
  let sections = 0;
  let events = 0;
  let firstId: string | undefined;
  for (const section of after.slice(0, end)) {
    const old = previous.get(section.id);
    let fresh = 0;
    if (!old) {
      sections++;
      fresh = 1;
    } else if (old !== section && section.type === 'timeline') {
      const known = new Set(old.type === 'timeline' ? old.events.map((e) => e.id) : []);
      fresh = section.events.filter((e) => !known.has(e.id)).length;
      events += fresh;
    }
    if (fresh > 0) firstId ??= section.id;
  }
  return sections || events ? { sections, events, firstId } : NOTHING_NEW;
}

/** Two counts as one; the jump target is whichever of theirs comes first on the page now. */
export function mergeNewAbove(a: NewAbove, b: NewAbove, order: readonly Section[]): NewAbove {
  if (!b.sections && !b.events) return a;
  if (!a.sections && !a.events) return b;
  const index = (id: string | undefined) => (id === undefined ? -1 : order.findIndex((s) => s.id === id));
  const ia = index(a.firstId);
  const ib = index(b.firstId);
  const firstId = ia < 0 ? b.firstId : ib < 0 ? a.firstId : ia <= ib ? a.firstId : b.firstId;
  return { sections: a.sections + b.sections, events: a.events + b.events, firstId };
}

/** "15 new events above", "1 new section above", "2 new sections and 3 new events above"; '' for none. */
export function newAboveText(n: NewAbove): string {
  const parts: string[] = [];
  if (n.sections > 0) parts.push(`${n.sections} new ${n.sections === 1 ? 'section' : 'sections'}`);
  if (n.events > 0) parts.push(`${n.events} new ${n.events === 1 ? 'event' : 'events'}`);
  return parts.length ? `${parts.join(' and ')} above` : '';
}

/**
 * Events that arrived in timelines wholly below the reader's view: the page grows down there
 * without moving them, so a chip says "3 new events below" with a way down (the newest one).
 */
export interface NewBelow {
  events: number;
  /** The newest of them, where "Jump down" goes. */
  target: { sectionId: string; eventId: string } | undefined;
}

export const NOTHING_BELOW: Readonly<NewBelow> = Object.freeze({ events: 0, target: undefined });

/** "1 new event below", "3 new events below"; '' for none. */
export function newBelowText(n: NewBelow): string {
  return n.events > 0 ? `${n.events} new ${n.events === 1 ? 'event' : 'events'} below` : '';
}
