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
 * user name or display name (case-insensitive), a group by name. `user:` and `group:`
 * prefixes say which is meant when a name is both. A name that matches nobody, or several
 * people, fails the whole command (nothing is shared) listing who was meant perhaps.
 */
export function resolveShareTargets(names: readonly string[], directory: Directory): ShareTargets {
  const users = new Set<string>();
  const groups = new Set<string>();
  for (const raw of names) {
    const [kind, name] = splitKind(raw.trim());
    const key = name.toLowerCase();
    const people = kind === 'group' ? [] : directory.people.filter((p) => p.userId === name || p.name.toLowerCase() === key || localPart(p.userId) === key);
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

/** A user id may be an email or a `name@realm` style login; its part before `@` is a name too. */
function localPart(userId: string): string {
  return userId.toLowerCase().split('@', 1)[0] ?? '';
}

function describe(person: Directory['people'][number]): string {
  return person.name && person.name !== person.userId ? `${person.name} (${person.userId})` : person.userId;
}

function suggestions(key: string, directory: Directory, kind: 'user' | 'group' | undefined): string {
  const candidates = [
    ...(kind === 'group' ? [] : directory.people.map((p) => ({ text: describe(p), keys: [p.name.toLowerCase(), p.userId.toLowerCase()] }))),
    ...(kind === 'user' ? [] : directory.groups.map((g) => ({ text: `group ${g}`, keys: [g.toLowerCase()] }))),
  ];
  const scored = candidates
    .map((c) => ({ text: c.text, score: Math.min(...c.keys.map((k) => closeness(key, k))) }))
    .filter((c) => c.score <= Math.max(2, Math.floor(key.length / 3)))
    .sort((a, b) => a.score - b.score || a.text.localeCompare(b.text))
    .slice(0, MAX_SUGGESTIONS);
  return scored.length ? `; did you mean ${scored.map((c) => c.text).join(', ')}?` : '';
}

/** Edit distance, but a name that contains what was typed (or starts it) counts as close. */
function closeness(typed: string, name: string): number {
  if (name.includes(typed) || typed.includes(name)) return 0;
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
