import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { artifactToJSON, sectionsArray, type Section, type SectionMap } from '#shared/schema';
import { SectionStore } from './section-store.ts';

/*
 * Documents are built straight through Yjs in the layout of shared/schema/doc.ts (one Y.Map per
 * section, text bodies as Y.Text), so these tests exercise exactly what a viewer receives.
 */

function markdownMap(id: string, text: string): SectionMap {
  const map = new Y.Map<unknown>();
  map.set('id', id);
  map.set('type', 'markdown');
  map.set('text', new Y.Text(text));
  return map;
}

function checklistMap(id: string, items: Array<{ id: string; text: string; done: boolean }>): SectionMap {
  const map = new Y.Map<unknown>();
  map.set('id', id);
  map.set('type', 'checklist');
  const list = new Y.Array<Y.Map<unknown>>();
  list.push(
    items.map((item) => {
      const entry = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(item)) entry.set(key, value);
      return entry;
    }),
  );
  map.set('items', list);
  return map;
}

function setup(ids: string[]) {
  const doc = new Y.Doc();
  sectionsArray(doc).push(ids.map((id) => markdownMap(id, `body of ${id}`)));
  const store = new SectionStore(doc);
  const notifications: Array<readonly Section[]> = [];
  store.subscribe((sections) => notifications.push(sections));
  const map = (id: string): SectionMap => {
    const found = sectionsArray(doc).toArray().find((m) => m.get('id') === id);
    if (!found) throw new Error(`no section ${id}`);
    return found;
  };
  const text = (id: string): Y.Text => map(id).get('text') as Y.Text;
  const byId = (id: string): Section | undefined => store.sections.find((s) => s.id === id);
  return { doc, store, notifications, map, text, byId };
}

const ids = (sections: readonly Section[]): string[] => sections.map((s) => s.id);

describe('SectionStore', () => {
  it('starts with the document sections in order', () => {
    const { doc, store } = setup(['a', 'b', 'c']);
    expect(store.sections).toEqual(artifactToJSON(doc, 'x').sections);
  });

  it('keeps the identity of untouched sections and replaces the changed one', () => {
    const { store, text, notifications } = setup(['a', 'b', 'c']);
    const [a, b, c] = store.sections;
    text('b').insert(text('b').length, ' more');
    expect(notifications).toHaveLength(1);
    const [a2, b2, c2] = store.sections;
    expect(a2).toBe(a);
    expect(c2).toBe(c);
    expect(b2).not.toBe(b);
    expect(b2).toMatchObject({ id: 'b', text: 'body of b more' });
  });

  it('notices changes nested deep inside a section', () => {
    const { doc, store, notifications } = setup(['a']);
    sectionsArray(doc).push([checklistMap('todo', [{ id: 'i1', text: 'check logs', done: false }])]);
    const [a, todo] = store.sections;
    const items = sectionsArray(doc).get(1).get('items') as Y.Array<Y.Map<unknown>>;
    items.get(0).set('done', true);
    expect(notifications).toHaveLength(2);
    expect(store.sections[0]).toBe(a);
    expect(store.sections[1]).not.toBe(todo);
    expect(store.sections[1]).toMatchObject({ items: [{ id: 'i1', done: true }] });
  });

  it('notifies once per transaction, however many sections changed', () => {
    const { doc, store, text, map, notifications } = setup(['a', 'b', 'c']);
    const [, b] = store.sections;
    doc.transact(() => {
      text('a').insert(0, '1 ');
      text('c').insert(0, '2 ');
      map('a').set('title', 'First');
      sectionsArray(doc).push([markdownMap('d', 'new')]);
    });
    expect(notifications).toHaveLength(1);
    expect(ids(store.sections)).toEqual(['a', 'b', 'c', 'd']);
    expect(store.sections[1]).toBe(b);
    expect(store.sections[0]).toMatchObject({ title: 'First', text: '1 body of a' });
  });

  it('inserts and removes, keeping every other object', () => {
    const { doc, store } = setup(['a', 'b', 'c']);
    const [a, b, c] = store.sections;
    sectionsArray(doc).insert(1, [markdownMap('new', 'hello')]);
    expect(ids(store.sections)).toEqual(['a', 'new', 'b', 'c']);
    expect(store.sections[0]).toBe(a);
    expect(store.sections[2]).toBe(b);
    expect(store.sections[3]).toBe(c);

    sectionsArray(doc).delete(0, 1);
    expect(ids(store.sections)).toEqual(['new', 'b', 'c']);
    expect(store.sections[1]).toBe(b);
    expect(store.sections[2]).toBe(c);
  });

  it('moves a section (delete + re-insert of its content) without changing its object', () => {
    const { doc, store } = setup(['a', 'b', 'c']);
    const [a, b, c] = store.sections;
    doc.transact(() => {
      const array = sectionsArray(doc);
      array.delete(0, 1);
      array.push([markdownMap('a', 'body of a')]);
    });
    expect(ids(store.sections)).toEqual(['b', 'c', 'a']);
    expect(store.sections[0]).toBe(b);
    expect(store.sections[1]).toBe(c);
    expect(store.sections[2]).toBe(a);
  });

  it('gives a re-created section with different content a new object', () => {
    const { doc, store } = setup(['a', 'b']);
    const [a] = store.sections;
    doc.transact(() => {
      sectionsArray(doc).delete(0, 1);
      sectionsArray(doc).insert(0, [markdownMap('a', 'replaced')]);
    });
    expect(store.sections[0]).not.toBe(a);
    expect(store.sections[0]).toMatchObject({ id: 'a', text: 'replaced' });
  });

  it('skips invalid maps and keeps the first of duplicate ids, like artifactToJSON', () => {
    const { doc, store } = setup(['a']);
    const broken = new Y.Map<unknown>();
    broken.set('id', 'broken');
    broken.set('type', 'no-such-type');
    sectionsArray(doc).push([broken, markdownMap('a', 'duplicate'), markdownMap('b', 'b')]);
    expect(store.sections).toEqual(artifactToJSON(doc, 'x').sections);
    expect(ids(store.sections)).toEqual(['a', 'b']);
  });

  it('stays silent for a transaction that changes nothing it shows', () => {
    const { doc, notifications } = setup(['a']);
    const broken = new Y.Map<unknown>();
    sectionsArray(doc).push([broken]);
    broken.set('note', 'still not a section');
    expect(notifications).toHaveLength(0);
  });

  it('follows updates arriving from another replica', () => {
    const { doc, store, notifications } = setup(['a', 'b']);
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    const [a, b] = store.sections;
    const remoteText = sectionsArray(remote).get(1).get('text') as Y.Text;
    remoteText.insert(remoteText.length, '!');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));
    expect(notifications).toHaveLength(1);
    expect(store.sections[0]).toBe(a);
    expect(store.sections[1]).not.toBe(b);
    expect(store.sections).toEqual(artifactToJSON(remote, 'x').sections);
  });

  it('matches artifactToJSON after a random run of edits (seeded)', () => {
    const seed = Number(import.meta.env['SEED'] ?? 1234);
    let state = seed;
    const random = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    const { doc, store, notifications } = setup(['s0', 's1', 's2']);
    let next = 3;
    for (let step = 0; step < 300; step++) {
      const array = sectionsArray(doc);
      const before = store.sections;
      const count = notifications.length;
      const action = random(4);
      let touched: string | undefined;
      if (action === 0 || array.length === 0) {
        array.insert(random(array.length + 1), [markdownMap(`s${next++}`, 'x')]);
      } else if (action === 1) {
        array.delete(random(array.length), 1);
      } else {
        const map = array.get(random(array.length));
        touched = map.get('id') as string;
        (map.get('text') as Y.Text).insert(0, String(step));
      }
      const expected = artifactToJSON(doc, 'x').sections;
      expect(store.sections, `seed ${seed}, step ${step}`).toEqual(expected);
      expect(notifications.length, `seed ${seed}, step ${step}`).toBe(count + 1);
      const previous = new Map(before.map((s) => [s.id, s]));
      const replaced = store.sections.filter((s) => s.id !== touched && previous.has(s.id) && previous.get(s.id) !== s);
      expect(ids(replaced), `seed ${seed}, step ${step}`).toEqual([]);
    }
  });

  it('stops listening after destroy', () => {
    const { store, text, notifications } = setup(['a']);
    store.destroy();
    text('a').insert(0, 'x');
    expect(notifications).toHaveLength(0);
  });
});
