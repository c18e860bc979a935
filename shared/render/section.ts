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
import { renderTimeline } from './timeline.ts';

function renderBody(section: Section): TemplateResult {
  switch (section.type) {
    case 'markdown':
      return renderMarkdown(section.text ?? '');
    case 'code':
      return renderCode(section);
    case 'chart':
      return renderChart(section);
    case 'timeline':
      return renderTimeline(section);
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

/**
 * One section's content: its title and body inside `.la-section__body`. The caller owns the
 * outer element (`<la-section>` live, `<section>` frozen) and its `data-section-id`.
 */
export function renderSection(section: Section): TemplateResult {
  const type = knownSectionType(section);
  const title = typeof section.title === 'string' && section.title ? section.title : '';
  // A foldable code section shows its title in the fold's summary, so a click on it unfolds.
  const foldable = section.type === 'code' && typeof section.collapsed === 'boolean';
  const heading = title && !foldable ? html`<h2 class="la-section__title">${title}</h2>` : nothing;
  const body = type
    ? renderBody(section)
    : html`<p class="la-empty">This section type is not supported by this viewer.</p>`;
  return html`<div class="la-section__body la-section--${type ?? 'unknown'}">${heading}${body}</div>`;
}
