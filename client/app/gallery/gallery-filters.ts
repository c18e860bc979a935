import type { ArtifactSummary } from '../api/index.ts';

/** Wait this long after the last keystroke before asking the server, so typing is one request. */
export const SEARCH_DEBOUNCE_MS = 250;

/**
 * The kinds to offer in the filter: every kind seen so far (the first, unfiltered list has them
 * all; a filtered list would otherwise shrink the menu to its own kind) plus the one selected.
 * Sorted, without empty ones.
 */
export function kindOptions(seen: ReadonlySet<string>, artifacts: readonly ArtifactSummary[], selected: string): string[] {
  const kinds = new Set(seen);
  for (const a of artifacts) if (a.kind) kinds.add(a.kind);
  if (selected) kinds.add(selected);
  return [...kinds].sort((a, b) => a.localeCompare(b));
}

/** "v3" for the newest version, or "no versions". */
export function latestVersionLabel(latestVersion: number | null | undefined): string {
  return typeof latestVersion === 'number' && latestVersion > 0 ? `v${latestVersion}` : 'no versions';
}
