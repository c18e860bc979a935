import type { Lineage } from '../api/index.ts';

/* The words and links of remix lineage, pure so they are tested without a browser. */

/** "version 3", or "the live page" when the live document was copied. */
export function sourceVersionText(version: number | null): string {
  return version === null ? 'the live page' : `version ${version}`;
}

/** What follows the source's title on a copy: "version 3", or "(live page)". */
export function afterSourceTitle(version: number | null): string {
  return version === null ? '(live page)' : `version ${version}`;
}

/** Where the source link goes: the version copied, or the live page. */
export function sourceHref(source: NonNullable<Lineage['remixedFrom']>): string {
  const base = `/a/${encodeURIComponent(source.id)}`;
  return source.version === null ? base : `${base}/v/${source.version}`;
}

/** One remix in the source's list: "My notes, by Bob Baker, from version 1". */
export function remixLine(remix: Lineage['remixes'][number]): string {
  return `by ${remix.ownerName || remix.owner}, from ${sourceVersionText(remix.version)}`;
}
