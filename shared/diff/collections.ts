import type { KeyedChanges, MultisetChanges, ValueChange } from './types.ts';

/**
 * A string that is equal for equal JSON values whatever their key order, so deep equality and
 * multiset counting are plain string comparisons.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** `{from, to}` when the two differ (absent counts as `null`), else undefined. */
export function valueChange<T>(from: T | undefined, to: T | undefined): ValueChange<T> | undefined {
  return sameJson(from ?? null, to ?? null) ? undefined : { from: from ?? null, to: to ?? null };
}

/**
 * Compares two lists entry by entry through a key. A key seen twice on one side (which valid
 * documents do not have) gets an occurrence suffix, so no entry is lost.
 */
export function keyedChanges<T>(from: readonly T[], to: readonly T[], keyOf: (entry: T) => string): KeyedChanges<T> {
  const fromKeyed = withUniqueKeys(from, keyOf);
  const toKeyed = withUniqueKeys(to, keyOf);
  const fromByKey = new Map(fromKeyed);
  const toByKey = new Map(toKeyed);
  const out: KeyedChanges<T> = { added: [], removed: [], changed: [] };
  for (const [key, entry] of fromKeyed) if (!toByKey.has(key)) out.removed.push(entry);
  for (const [key, entry] of toKeyed) {
    const before = fromByKey.get(key);
    if (before === undefined) out.added.push(entry);
    else if (!sameJson(before, entry)) out.changed.push({ key, from: before, to: entry });
  }
  const sharedFrom = fromKeyed.map(([key]) => key).filter((key) => toByKey.has(key));
  const sharedTo = toKeyed.map(([key]) => key).filter((key) => fromByKey.has(key));
  if (sharedFrom.some((key, i) => key !== sharedTo[i])) out.reordered = true;
  return out;
}

export function isEmptyKeyed(changes: KeyedChanges<unknown>): boolean {
  return changes.added.length === 0 && changes.removed.length === 0 && changes.changed.length === 0 && !changes.reordered;
}

function withUniqueKeys<T>(entries: readonly T[], keyOf: (entry: T) => string): [string, T][] {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    const key = keyOf(entry);
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return [count === 1 ? key : `${key} (${count})`, entry];
  });
}

/**
 * Compares two lists as multisets of values: an entry is added when `to` has more copies of it
 * than `from`, removed when fewer. Order is ignored; results keep each side's order.
 */
export function multisetChanges<T>(from: readonly T[], to: readonly T[]): MultisetChanges<T> {
  const available = new Map<string, number>();
  for (const entry of from) {
    const key = canonicalJson(entry);
    available.set(key, (available.get(key) ?? 0) + 1);
  }
  const added: T[] = [];
  for (const entry of to) {
    const key = canonicalJson(entry);
    const left = available.get(key) ?? 0;
    if (left > 0) available.set(key, left - 1);
    else added.push(entry);
  }
  // Whatever `to` did not use up was removed; take those copies from the end of `from`.
  const removed: T[] = [];
  for (let i = from.length - 1; i >= 0; i -= 1) {
    const entry = from[i] as T;
    const key = canonicalJson(entry);
    const left = available.get(key) ?? 0;
    if (left > 0) {
      available.set(key, left - 1);
      removed.push(entry);
    }
  }
  return { added, removed: removed.reverse() };
}

export function isEmptyMultiset(changes: MultisetChanges<unknown>): boolean {
  return changes.added.length === 0 && changes.removed.length === 0;
}
