import { html, nothing, type TemplateResult } from 'lit';
import type { ArtifactJSON, ArtifactMeta } from '../schema/types.ts';
import { renderSection, renderSectionAnchor, sectionAnchorId } from './section.ts';

export type StatusTone = 'success' | 'warning' | 'danger' | 'info' | 'neutral';

const STATUS_TONES: Record<string, StatusTone> = {
  resolved: 'success',
  done: 'success',
  complete: 'success',
  completed: 'success',
  closed: 'success',
  approved: 'success',
  merged: 'success',
  investigating: 'warning',
  'in progress': 'warning',
  'in-progress': 'warning',
  ongoing: 'warning',
  monitoring: 'warning',
  mitigated: 'warning',
  review: 'warning',
  'in review': 'warning',
  critical: 'danger',
  failed: 'danger',
  blocked: 'danger',
  down: 'danger',
  outage: 'danger',
  live: 'info',
  active: 'info',
  open: 'info',
};

/** Colour family for a free-text status such as "investigating" or "resolved". */
export function statusTone(status: string): StatusTone {
  return STATUS_TONES[status.trim().toLowerCase()] ?? 'neutral';
}

export function renderArtifactHeader(meta: ArtifactMeta): TemplateResult {
  const status = typeof meta.status === 'string' ? meta.status : '';
  return html`<header class="la-header">
    ${meta.kind ? html`<div class="la-header__kind">${meta.kind}</div>` : nothing}
    <h1 class="la-header__title">${
      meta.emoji ? html`<span class="la-header__emoji" aria-hidden="true">${meta.emoji}</span>` : nothing
    }<span>${meta.title || 'Untitled'}</span></h1>
    ${status ? html`<span class="la-badge la-status la-status--${statusTone(status)}">${status}</span>` : nothing}
  </header>`;
}

/** The whole artifact as one static tree, as frozen into a version's HTML. */
export function renderArtifactPage(artifact: ArtifactJSON): TemplateResult {
  const sections = Array.isArray(artifact.sections) ? artifact.sections : [];
  // The header inside <main>: every part of the page is in a landmark.
  return html`<article class="la-artifact">
    <main class="la-main">
      ${renderArtifactHeader(artifact.meta)}
      ${sections.map(
        (s) =>
          html`<section class="la-section" id=${sectionAnchorId(s.id)} data-section-id=${s.id} data-type=${s.type}>${renderSectionAnchor(s)}${renderSection(s)}</section>`,
      )}
    </main>
  </article>`;
}
