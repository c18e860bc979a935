import { html, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { CodeSection } from '../schema/types.ts';
import { highlightCode } from './highlight-code.js';

export type DiffLineKind = 'add' | 'del' | 'hunk' | 'file' | 'meta' | 'ctx';

export function diffLineKind(line: string): DiffLineKind {
  if (line.startsWith('+++ ') || line.startsWith('--- ')) return 'file';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  if (/^(?:diff |index |new file|deleted file|similarity |rename |old mode|new mode|\\ )/.test(line)) {
    return 'meta';
  }
  return 'ctx';
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function renderDiff(text: string): TemplateResult {
  // The template keeps <pre> free of stray whitespace: every character in it is shown.
  const lines = splitLines(text).map(
    (line) => html`<span class="la-diff__line la-diff__${diffLineKind(line)}">${line}</span>`,
  );
  return html`<pre class="la-code__pre la-diff"><code>${lines}</code></pre>`;
}

function renderSource(code: string, language: string): TemplateResult {
  const highlighted = highlightCode(code, language);
  if (highlighted === null) return html`<pre class="la-code__pre"><code class="hljs">${code}</code></pre>`;
  return html`<pre class="la-code__pre"><code class="hljs">${unsafeHTML(highlighted)}</code></pre>`;
}

/** The language of code sections that hold a log (`artifacts append --as log`). */
export const LOG_LANGUAGE = 'log';

function renderLog(code: string): TemplateResult {
  const lines = code === '' ? [] : splitLines(code);
  // One block per line, so a long line that wraps on a narrow screen is indented under its
  // start rather than reading as a line of its own. A bounded box the reader can scroll (and
  // reach by keyboard); the live viewer keeps it at the bottom while lines arrive. Frozen
  // pages need no script for any of it.
  const body = lines.map((line) => html`<span class="la-log__line">${line}</span>`);
  return html`<div class="la-code la-code--log">
    <div class="la-code__lang">log · ${lines.length.toLocaleString('en-US')} ${lines.length === 1 ? 'line' : 'lines'}</div>
    <pre class="la-code__pre la-code__scroll" tabindex="0"><code>${body}</code></pre>
  </div>`;
}

export function renderCode(section: CodeSection): TemplateResult {
  const showDiff = typeof section.diff === 'string' && section.diff.length > 0;
  if (!showDiff && section.language === LOG_LANGUAGE) return renderLog(section.code ?? '');
  const label = showDiff ? `${section.language || 'text'} · diff` : section.language;
  return html`<div class="la-code">
    ${label ? html`<div class="la-code__lang">${label}</div>` : nothing}
    ${showDiff ? renderDiff(section.diff ?? '') : renderSource(section.code ?? '', section.language ?? '')}
  </div>`;
}
