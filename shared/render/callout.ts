import { html, type TemplateResult } from 'lit';
import type { CalloutSection, Tone } from '../schema/types.ts';
import { TONES } from '../schema/types.ts';
import { renderMarkdown } from './markdown.ts';

const ICONS: Record<Tone, string> = { info: 'ℹ', success: '✓', warning: '!', danger: '✕' };

export function renderCallout(section: CalloutSection): TemplateResult {
  const tone = TONES.find((t) => t === section.tone) ?? 'info';
  return html`<div class="la-callout la-callout--${tone}" role="note">
    <span class="la-callout__icon" aria-hidden="true">${ICONS[tone]}</span>
    <div class="la-callout__text">${renderMarkdown(section.text ?? '')}</div>
  </div>`;
}
