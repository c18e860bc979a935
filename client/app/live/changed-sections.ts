import type { Section, TimelineEvent } from '#shared/schema';

/** What one change added, for the polite announcement. */
export interface ArrivedEvents {
  count: number;
  /** Titles of the timelines that grew, in page order. */
  where: string[];
}

/**
 * Which sections changed since the reader opened the page, in the order they last changed, and
 * which they have visited since. The SectionStore hands out a new object only for a section that
 * changed, so identity is the test. A change the reader can see as it happens is not "news".
 */
export class ChangedSections {
  /** Changed and not visited since, oldest change first. */
  #changed: string[] = [];
  /** The section and, for a timeline, the event the latest change brought. */
  #latest: { sectionId: string; eventId: string | undefined } | undefined;

  get changedIds(): ReadonlySet<string> {
    return new Set(this.#changed);
  }

  /** Where "Jump to latest" goes: the section changed last, at its newest event if it grew one. */
  get latest(): { sectionId: string; eventId: string | undefined } | undefined {
    return this.#latest;
  }

  reset(): void {
    this.#changed = [];
    this.#latest = undefined;
  }

  /**
   * Notes a change from `before` to `after`. `seenIds` are sections on screen right now: they
   * change under the reader's eyes and are not marked. Returns the events that arrived.
   */
  update(before: readonly Section[], after: readonly Section[], seenIds: ReadonlySet<string> = new Set()): ArrivedEvents {
    const previous = new Map(before.map((s) => [s.id, s]));
    const present = new Set(after.map((s) => s.id));
    this.#changed = this.#changed.filter((id) => present.has(id));
    if (this.#latest && !present.has(this.#latest.sectionId)) this.#latest = undefined;
    const arrived: ArrivedEvents = { count: 0, where: [] };
    for (const section of after) {
      const old = previous.get(section.id);
      if (old === section) continue;
      const fresh = section.type === 'timeline' ? newEvents(old, section.events) : [];
      if (fresh.length) {
        arrived.count += fresh.length;
        arrived.where.push(section.title || 'Timeline');
      }
      const newest = fresh.reduce<TimelineEvent | undefined>((a, e) => (!a || e.at >= a.at ? e : a), undefined);
      this.#latest = { sectionId: section.id, eventId: newest?.id };
      if (seenIds.has(section.id)) continue;
      this.#changed = [...this.#changed.filter((id) => id !== section.id), section.id];
    }
    return arrived;
  }

  /** The reader reached the section: it is no longer news. Returns whether anything changed. */
  visit(id: string): boolean {
    if (!this.#changed.includes(id)) return false;
    this.#changed = this.#changed.filter((c) => c !== id);
    return true;
  }
}

function newEvents(old: Section | undefined, events: readonly TimelineEvent[]): TimelineEvent[] {
  if (!old) return [];
  const known = new Set(old.type === 'timeline' ? old.events.map((e) => e.id) : []);
  return events.filter((e) => !known.has(e.id));
}

/** "3 new events in Timeline", "1 new event in Deploys and Timeline". */
export function arrivedText(count: number, where: readonly string[]): string {
  if (count <= 0) return '';
  const places = [...new Set(where)];
  const list = places.length <= 1 ? (places[0] ?? '') : `${places.slice(0, -1).join(', ')} and ${places.at(-1)}`;
  return `${count} new ${count === 1 ? 'event' : 'events'}${list ? ` in ${list}` : ''}`;
}
