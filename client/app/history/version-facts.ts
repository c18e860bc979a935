import { html, nothing, type TemplateResult } from 'lit';
import type { VersionInfo } from '../api/index.ts';
import { formatBytes, formatFullTime, formatRelativeTime, shortCommit } from '../format/index.ts';
import { versionPath } from '../router/index.ts';

/**
 * Who published a version, when (relative, with the exact time beside it), its git commit and
 * size: one line under a version's message, on the history and version pages alike.
 */
export function renderVersionFacts(v: VersionInfo, nowMs: number): TemplateResult {
  const relative = formatRelativeTime(v.createdAt, nowMs);
  const full = formatFullTime(v.createdAt);
  return html`<p class="version-facts">
    <span data-testid="version-author">by ${v.authorName || v.author || 'an unknown author'}</span>
    <time datetime=${v.createdAt} title=${full}>${relative || full}${relative && full ? html` <span class="muted">(${full})</span>` : nothing}</time>
    ${v.gitCommit
      ? html`<span>commit <code class="version-facts__commit" title=${v.gitCommit}>${shortCommit(v.gitCommit)}</code></span>`
      : nothing}
    ${typeof v.sizeBytes === 'number' ? html`<span>${formatBytes(v.sizeBytes)}</span>` : nothing}
  </p>`;
}

/** What a restore did, in a sentence or two, with each version it names linked (history and version pages alike). */
export function renderRestoreSummary(
  artifactId: string,
  version: number,
  result: { recordedAs: number; unchanged: boolean; preservedVersion: number | null },
): TemplateResult {
  const link = (n: number) => html`<a class="nowrap" href=${versionPath(artifactId, n)}>version ${n}</a>`;
  const saved = result.preservedVersion === null ? nothing : html` The changes that were not published yet were saved first, as ${link(result.preservedVersion)}.`;
  if (result.unchanged) {
    return html`The live document already equalled <span class="nowrap">version ${version}</span> (that is ${link(result.recordedAs)}); nothing new was recorded.${saved}`;
  }
  return html`The live document now equals <span class="nowrap">version ${version}</span>; this was recorded as ${link(result.recordedAs)}.${saved}`;
}
