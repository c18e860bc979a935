import { html, nothing, type TemplateResult } from 'lit';
import type { ImageSection } from '../schema/types.ts';
import { isDataImageUri } from './markdown.ts';

/** Only inline data is drawn: any other source would make a frozen page reach the network. */
export function renderImage(section: ImageSection): TemplateResult {
  const alt = typeof section.alt === 'string' ? section.alt : '';
  if (typeof section.src === 'string' && isDataImageUri(section.src)) {
    return html`<figure class="la-image"><img src=${section.src} alt=${alt}></figure>`;
  }
  return html`<div class="la-image la-image--blocked" role="img" aria-label=${alt || 'blocked image'}>
    <strong>image blocked: only data: URIs are allowed</strong>${alt ? html`<span>${alt}</span>` : nothing}
  </div>`;
}
