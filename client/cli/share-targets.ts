import type { Directory } from '../sdk/index.ts';
import { InputError } from './errors.ts';

export interface ShareTargets {
  /** User ids. */
  users: string[];
  groups: string[];
}

/** Suggestions shown for a name that matches nobody. */
const MAX_SUGGESTIONS = 5;

/**
 * Resolves what `share --with` was given against the org directory: a person by user id,
 * display name or a word of it such as a first name (case-insensitive), a group by name. `user:` and `group:`
 * prefixes say which is meant when a name is both. A name that matches nobody, or several
 * people, fails the whole command (nothing is shared) listing who was meant perhaps.
 */
export function resolveShareTargets(names: readonly string[], directory: Directory): ShareTargets {
  const users = new Set<string>();
  const groups = new Set<string>();
  for (const raw of names) {
    const [kind, name] = splitKind(raw.trim());
    const key = name.toLowerCase();
    const people = kind === 'group' ? [] : matchingPeople(directory.people, name);
    const group = kind === 'user' ? undefined : directory.groups.find((g) => g.toLowerCase() === key);
    if (people.length > 1) {
      throw new InputError('ambiguous_name', `'${name}' is ${people.length} people: ${people.map(describe).join(', ')}; give the user id`);
    }
    const person = people[0];
    if (person && group !== undefined) {
      throw new InputError('ambiguous_name', `'${name}' is both ${describe(person)} and group ${group}; write user:${name} or group:${name}`);
    }
    if (person) users.add(person.userId);
    else if (group !== undefined) groups.add(group);
    else throw new InputError('unknown_name', `nobody in your org is called '${name}'${suggestions(key, directory, kind)}`);
  }
  return { users: [...users], groups: [...groups] };
}

function splitKind(raw: string): ['user' | 'group' | undefined, string] {
  const match = /^(user|group):(.+)$/.exec(raw);
  return match ? [match[1] as 'user' | 'group', match[2] ?? ''] : [undefined, raw];
}

type Person = Directory['people'][number];

/**
 * The people `name` means: by user id or whole display name first; failing that, by one word
 * of the display name, which is how a user name such as `bob` finds "Bob Baker" (the directory
 * knows display names, not log-in names).
 */
function matchingPeople(people: readonly Person[], name: string): Person[] {
  const key = name.toLowerCase();
  const exact = people.filter((p) => p.userId === name || p.name.toLowerCase() === key);
  if (exact.length > 0) return exact;
  return people.filter((p) => p.name.toLowerCase().split(/\s+/).includes(key));
}

function describe(person: Person): string {
  return person.name && person.name !== person.userId ? `${person.name} (${person.userId})` : person.userId;
}

function suggestions(key: string, directory: Directory, kind: 'user' | 'group' | undefined): string {
  const candidates = [
    ...(kind === 'group' ? [] : directory.people.map((p) => ({ text: describe(p), keys: [p.name.toLowerCase(), ...p.name.toLowerCase().split(/\s+/), p.userId.toLowerCase()] }))),
    ...(kind === 'user' ? [] : directory.groups.map((g) => ({ text: `group ${g}`, keys: [g.toLowerCase()] }))),
  ];
  const scored = candidates
    .map((c) => ({ text: c.text, score: Math.min(...c.keys.map((k) => closeness(key, k))) }))
    .filter((c) => c.score <= Math.max(2, Math.floor(key.length / 3)))
    .sort((a, b) => a.score - b.score || a.text.localeCompare(b.text))
    .slice(0, MAX_SUGGESTIONS);
  return scored.length ? `; did you mean ${scored.map((c) => c.text).join(', ')}?` : '';
}

/** Edit distance, but a name that contains what was typed counts as closest. */
function closeness(typed: string, name: string): number {
  if (name.includes(typed)) return 0;
  return editDistance(typed, name);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
