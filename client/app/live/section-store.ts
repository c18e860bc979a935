import type * as Y from 'yjs';
import { owningSection, sectionsArray, sectionToJSON, type Section, type SectionMap } from '#shared/schema';

export type SectionsListener = (sections: readonly Section[]) => void;

/**
 * The ordered sections of one artifact document as plain JSON, kept in step with the Y.Doc.
 *
 * The point is identity: a section's JSON object stays the *same object* until that section
 * changes, so the view (lit's keyed `repeat` plus property dirty-checking) re-renders only the
 * sections an update touched and leaves every other DOM node alone. Listeners hear at most once
 * per Yjs transaction, however many sections it touched.
 *
 * A moved or re-created section arrives as a new Y.Map (Yjs has no move); when its JSON equals
 * what the same id showed before, the old object is kept, so a move does not re-render it.
 *
 * Mirrors `artifactToJSON`: maps that are not valid sections are skipped, and when two maps
 * share an id (concurrent creation on two replicas) the first one wins.
 */
export class SectionStore {
  readonly #array: Y.Array<SectionMap>;
  readonly #doc: Y.Doc;
  /** JSON per section map; `null` marks a map known to be no valid section. */
  readonly #cache = new WeakMap<SectionMap, Section | null>();
  readonly #listeners = new Set<SectionsListener>();
  #sections: readonly Section[] = [];
  /** Which map produced each shown section, to recognise a section that moved to a new map. */
  #mapById = new Map<string, SectionMap>();

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.#array = sectionsArray(doc);
    this.#sections = this.#build();
    this.#array.observeDeep(this.#onChange);
  }

  /** The current sections, in document order. Never mutated: each change makes a new array. */
  get sections(): readonly Section[] {
    return this.#sections;
  }

  /** Call `listener` after every transaction that changed the sections. Returns an unsubscribe. */
  subscribe(listener: SectionsListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stop observing the document. */
  destroy(): void {
    this.#array.unobserveDeep(this.#onChange);
    this.#listeners.clear();
  }

  // observeDeep runs once per transaction with every event of it, whatever the depth.
  readonly #onChange = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void => {
    for (const event of events) {
      if (event.target === this.#array) continue; // order change: handled by the rebuild below
      const map = owningSection(event.target, this.#doc);
      if (map) this.#cache.delete(map);
    }
    const next = this.#build();
    if (sameItems(next, this.#sections)) return;
    this.#sections = next;
    for (const listener of this.#listeners) listener(next);
  };

  /** The ordered JSON, reusing the cached object of every map that did not change. */
  #build(): Section[] {
    const previous = new Map(this.#sections.map((section) => [section.id, section]));
    const out: Section[] = [];
    const mapById = new Map<string, SectionMap>();
    for (const map of this.#array) {
      let section = this.#json(map);
      if (!section || mapById.has(section.id)) continue;
      const before = previous.get(section.id);
      if (before && before !== section && this.#mapById.get(section.id) !== map && sameJSON(before, section)) {
        section = before;
        this.#cache.set(map, before);
      }
      mapById.set(section.id, map);
      out.push(section);
    }
    this.#mapById = mapById;
    return out;
  }

  #json(map: SectionMap): Section | undefined {
    const cached = this.#cache.get(map);
    if (cached !== undefined) return cached ?? undefined;
    const section = sectionToJSON(map);
    this.#cache.set(map, section ?? null);
    return section;
  }
}

/** Deep equality of two sections; both come from `sectionToJSON`, so key order matches. */
function sameJSON(a: Section, b: Section): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
