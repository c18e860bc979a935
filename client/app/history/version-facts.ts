import { html, nothing, type TemplateResult } from 'lit';
import type { VersionInfo } from '../api/index.ts';
import { formatBytes, formatFullTime, formatRelativeTime, shortCommit } from '../format/index.ts';

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
