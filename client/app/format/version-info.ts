import { REPOSITORY_URL } from '#shared/api';
import type { DiffSide } from '../router/index.ts';

/** Git shows seven hex digits; so do we. */
const SHORT_COMMIT_CHARS = 7;

export function shortCommit(hash: string): string {
  return hash.slice(0, SHORT_COMMIT_CHARS);
}

/**
 * The forge's page of a version's commit, `<repositoryUrl>/commit/<sha>`, or null. Checked again
 * here, not only when it was stored, because the address goes into an href.
 */
export function commitUrl(v: { gitCommit: string | null; repositoryUrl?: string | null }): string | null {
  if (!v.gitCommit || !v.repositoryUrl || !/^[0-9a-f]{4,64}$/i.test(v.gitCommit) || !REPOSITORY_URL.test(v.repositoryUrl)) return null;
  return `${v.repositoryUrl.replace(/\/$/, '')}/commit/${v.gitCommit}`;
}

/** "version 3" or "the live document", for sentences. */
export function sideLabel(side: DiffSide): string {
  return side === 'live' ? 'the live document' : `version ${side}`;
}

/** "v3" or "live", for compact places (select options, chips). */
export function sideShortLabel(side: DiffSide): string {
  return side === 'live' ? 'live' : `v${side}`;
}

/** "1 point", "3 points". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
