import { html, nothing, type TemplateResult } from 'lit';
import type { VersionInfo } from '../api/index.ts';
import { commitUrl, formatBytes, formatFullTime, formatRelativeTime, shortCommit } from '../format/index.ts';

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
    ${v.gitCommit ? renderCommit(v, v.gitCommit) : nothing}
    ${typeof v.sizeBytes === 'number' ? html`<span>${formatBytes(v.sizeBytes)}</span>` : nothing}
  </p>`;
}

/** The short sha, linked to the forge's commit page when the version names its repository. */
function renderCommit(v: VersionInfo, sha: string): TemplateResult {
  const code = html`<code class="version-facts__commit" title=${sha}>${shortCommit(sha)}</code>`;
  const url = commitUrl(v);
  return url
    ? html`<span>commit <a class="version-facts__commit-link" href=${url} target="_blank" rel="noopener noreferrer" data-testid="version-commit">${code}</a></span>`
    : html`<span data-testid="version-commit">commit ${code}</span>`;
}
