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

/** Whose artifacts the gallery shows: all, the reader's own, or others' shared with them. */
export type GalleryShow = 'all' | 'mine' | 'shared';
export type GallerySort = 'updated' | 'created' | 'title';

/** The URL's `show`, anything unknown read as `all` (a mistyped link still shows something). */
export function parseShow(value: string | undefined): GalleryShow {
  return value === 'mine' || value === 'shared' ? value : 'all';
}

export function parseSort(value: string | undefined): GallerySort {
  return value === 'created' || value === 'title' ? value : 'updated';
}

/**
 * The list as the reader asked to see it. The server answers only rows the reader may read
 * (each authorized on its own), so *Shared with me* is simply what someone else owns.
 */
export function galleryView(artifacts: readonly ArtifactSummary[], show: GalleryShow, sort: GallerySort, meUserId: string | undefined): ArtifactSummary[] {
  const kept = artifacts.filter((a) => show === 'all' || (show === 'mine' ? a.owner === meUserId : a.owner !== meUserId));
  const byTitle = (a: ArtifactSummary, b: ArtifactSummary) => (a.title || '').localeCompare(b.title || '', undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id);
  const newest = (key: 'updatedAt' | 'createdAt') => (a: ArtifactSummary, b: ArtifactSummary) => b[key].localeCompare(a[key]) || a.id.localeCompare(b.id);
  return kept.sort(sort === 'title' ? byTitle : newest(sort === 'created' ? 'createdAt' : 'updatedAt'));
}

/** Who owns an artifact, as the gallery's meta line says it ("yours", "by Bob Baker"). */
export function ownerLabel(a: ArtifactSummary, meUserId: string | undefined): string {
  if (a.owner === meUserId) return 'yours';
  return `by ${a.ownerName || 'someone in your organization'}`;
}
