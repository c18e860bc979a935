import { describe, expect, it } from 'vitest';
import { hueOf, presenceList } from './presence-list.ts';

const state = (id: string, name: string, idle = false) => ({ user: { id, name }, idle });

describe('presenceList', () => {
  it('shows one avatar per person, however many tabs, idle only when every tab is', () => {
    const list = presenceList(
      new Map<number, unknown>([
        [1, state('bob', 'Bob Builder', true)],
        [2, state('bob', 'Bob Builder', false)],
        [3, state('carol', 'Carol', true)],
        [4, state('carol', 'Carol', true)],
      ]),
      undefined,
    );
    expect(list.all.map((p) => [p.userId, p.idle])).toEqual([
      ['bob', false],
      ['carol', true],
    ]);
    expect(list.shown[0]).toMatchObject({ initials: 'BB', name: 'Bob Builder', hue: hueOf('bob') });
    expect(list.more).toBe(0);
  });

  it('leaves out the reader themself and states without a stamped user', () => {
    const list = presenceList(
      new Map<number, unknown>([
        [1, state('alice', 'Alice')],
        [2, {}],
        [3, { idle: true }],
        [4, { user: { name: 'No id' } }],
        [5, null],
        [6, { user: 'bob' }],
        [7, state('dave', '')],
      ]),
      'alice',
    );
    expect(list.all.map((p) => p.userId)).toEqual(['dave']);
    expect(list.all[0]?.name).toBe('dave'); // no name: the id stands in
  });

  it('collapses the rest into +N, active people first, then by name', () => {
    const people = ['eve', 'dan', 'cat', 'bea', 'ann', 'fay', 'gus'].map((id, i) => [i, state(id, id.toUpperCase(), id === 'ann')] as const);
    const list = presenceList(new Map<number, unknown>(people), undefined, 5);
    expect(list.shown.map((p) => p.userId)).toEqual(['bea', 'cat', 'dan', 'eve']);
    expect(list.more).toBe(3);
    expect(list.all.at(-1)?.userId).toBe('ann'); // idle last
    // Exactly the limit: no "+1" in place of the last avatar.
    expect(presenceList(new Map<number, unknown>(people.slice(0, 5)), undefined, 5)).toMatchObject({ more: 0 });
  });

  it('gives each user id a stable hue', () => {
    expect(hueOf('alice')).toBe(hueOf('alice'));
    expect(hueOf('alice')).not.toBe(hueOf('bob'));
    expect(hueOf('x')).toBeGreaterThanOrEqual(0);
    expect(hueOf('x')).toBeLessThan(360);
  });
});
