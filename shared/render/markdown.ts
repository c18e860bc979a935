import MarkdownIt from 'markdown-it';
import { html, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { highlightCode } from './highlight-code.js';
import { taskLists } from './markdown-tasks.ts';

/** True for inline image data, the only image source a frozen page may contain. */
export function isDataImageUri(src: string): boolean {
  return src.slice(0, 11).toLowerCase() === 'data:image/';
}

/**
 * One parser for every markdown body. Raw HTML is off, so all text that reaches the output is
 * escaped by markdown-it itself; its default `validateLink` still refuses javascript:, vbscript:,
 * file: and non-image data: URLs.
 */
const md = new MarkdownIt({
  html: false,
  linkify: false,
  typographer: true,
  // Fenced blocks with a known language are highlighted; highlight.js escapes the source. An
  // empty answer makes markdown-it escape the block itself.
  highlight: (code, language) => highlightCode(code, language) ?? '',
  langPrefix: 'hljs language-',
});
md.use(taskLists);

const renderImage = md.renderer.rules.image;
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const src = String(token?.attrGet('src') ?? '');
  if (token && renderImage && isDataImageUri(src)) return renderImage(tokens, idx, options, env, self);
  // A remote image would make the frozen page fetch from the network: show its alt text instead.
  const alt = self.renderInlineAsText(token?.children ?? [], options, env);
  const note = 'image blocked: only data: URIs are allowed';
  return `<span class="la-md__blocked-image" title="${note}">${md.utils.escapeHtml(alt)}</span>`;
};

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  if (token) {
    token.attrSet('rel', 'noopener noreferrer');
    token.attrSet('target', '_blank');
  }
  return self.renderToken(tokens, idx, options);
};

/** Markdown source to escaped HTML (exported for tests and for callers that need a string). */
export function markdownToHtml(text: string): string {
  return md.render(text);
}

export function renderMarkdown(text: string): TemplateResult {
  return html`<div class="la-md">${unsafeHTML(md.render(text))}</div>`;
}

/** markdown-it's own escaper (&, <, >, "), for the rare text that cannot go through a lit binding. */
export function escapeText(text: string): string {
  return md.utils.escapeHtml(text);
}
