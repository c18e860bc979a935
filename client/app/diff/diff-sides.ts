import type { DiffSide } from '../router/index.ts';

export interface DiffSides {
  from: DiffSide;
  to: DiffSide;
}

/**
 * The two sides to compare when the URL names one, both or neither. `versions` are the
 * existing version numbers. Missing `to` means the live document; missing `from` means the
 * version just before `to` (or the newest, when `to` is live or the oldest). Sides the URL
 * names are kept even if they do not exist, so the server's answer explains the problem.
 * Undefined when there is nothing to compare: no versions at all.
 */
export function resolveDiffSides(requested: { from: DiffSide | undefined; to: DiffSide | undefined }, versions: readonly number[]): DiffSides | undefined {
  if (requested.from !== undefined && requested.to !== undefined) return { from: requested.from, to: requested.to };
  const newest = versions.length > 0 ? Math.max(...versions) : undefined;
  const to = requested.to ?? 'live';
  const from = requested.from ?? (to === 'live' ? newest : (previousVersion(versions, to) ?? newest));
  return from === undefined ? undefined : { from, to };
}

/** The highest existing version below `n`, if any. */
export function previousVersion(versions: readonly number[], n: number): number | undefined {
  let best: number | undefined;
  for (const v of versions) if (v < n && (best === undefined || v > best)) best = v;
  return best;
}
