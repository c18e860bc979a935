import { html, nothing, type TemplateResult } from 'lit';
import type { Section, SectionType } from '../schema/types.ts';
import { SECTION_TYPES } from '../schema/types.ts';
import { renderCallout } from './callout.ts';
import { renderChart } from './chart.ts';
import { renderChecklist } from './checklist.ts';
import { renderCode } from './code.ts';
import { renderImage } from './image.ts';
import { renderMarkdown } from './markdown.ts';
import { renderMetrics } from './metrics.ts';
import { renderTable } from './table.ts';
import type { RenderOptions } from './render-options.ts';
import { renderTimeline } from './timeline.ts';

function renderBody(section: Section, options: RenderOptions): TemplateResult {
  switch (section.type) {
    case 'markdown':
      return renderMarkdown(section.text ?? '');
    case 'code':
      return renderCode(section);
    case 'chart':
      return renderChart(section, options);
    case 'timeline':
      return renderTimeline(section, options);
    case 'checklist':
      return renderChecklist(section);
    case 'table':
      return renderTable(section);
    case 'callout':
      return renderCallout(section);
    case 'metrics':
      return renderMetrics(section);
    case 'image':
      return renderImage(section);
  }
}

/** The section's type if it is one we know; documents from newer writers may hold others. */
export function knownSectionType(section: { type?: unknown }): SectionType | undefined {
  return SECTION_TYPES.find((t) => t === section.type);
}

/** The element id of a section, the target of `#section-<id>` links (live and frozen). */
export function sectionAnchorId(sectionId: string): string {
  return `section-${sectionId}`;
}

/**
 * A "#" link to the section, shown on hover or focus: copy it to point a teammate at this very
 * place. The caller puts it in the outer element, beside the id it links to. The "#" is drawn by
 * CSS, so the section's text (copying, find-in-page, tests) stays its own.
 */
export function renderSectionAnchor(section: Section): TemplateResult {
  const title = typeof section.title === 'string' ? section.title : '';
  return html`<a class="la-anchor la-section__anchor" href=${`#${sectionAnchorId(section.id)}`}
    aria-label=${`Link to section${title ? `: ${title}` : ''}`} title="Link to this section"></a>`;
}

/**
 * One section's content: its title and body inside `.la-section__body`. The caller owns the
 * outer element (`<la-section>` live, `<section>` frozen) and its `data-section-id`.
 */
export function renderSection(section: Section, options: RenderOptions = {}): TemplateResult {
  const type = knownSectionType(section);
  const title = typeof section.title === 'string' && section.title ? section.title : '';
  // A foldable code section shows its title in the fold's summary, so a click on it unfolds.
  const foldable = section.type === 'code' && typeof section.collapsed === 'boolean';
  const heading = title && !foldable ? html`<h2 class="la-section__title">${title}</h2>` : nothing;
  const body = type
    ? renderBody(section, options)
    : html`<p class="la-empty">This section type is not supported by this viewer.</p>`;
  return html`<div class="la-section__body la-section--${type ?? 'unknown'}">${heading}${body}</div>`;
}
