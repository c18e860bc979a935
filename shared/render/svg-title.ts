import { unsafeSVG } from 'lit/directives/unsafe-svg.js';
import { escapeText } from './markdown.ts';

/**
 * An SVG `<title>` (tooltip and accessible name) holding `text`.
 *
 * Lit treats `<title>` as a raw-text element, and @lit-labs/ssr cannot render a binding inside
 * one in a normal (hydratable) template: it throws "Unexpected final partIndex"
 * (lit/lit#4405). So this is the one place that builds markup from user text, escaped by
 * markdown-it's escaper; nothing but escaped text goes between the tags.
 */
export function svgTitle(text: string): ReturnType<typeof unsafeSVG> {
  return unsafeSVG(`<title>${escapeText(text)}</title>`);
}
