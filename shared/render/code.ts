import { html, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { CodeSection } from '../schema/types.ts';
import { diffStats, numberDiffLines, splitLines, type DiffLine } from './diff-lines.ts';
import { highlightCode } from './highlight-code.js';

export { diffLineKind, type DiffLineKind } from './diff-lines.ts';

/*
 * Diff lines carry their old and new line numbers in a gutter that stays put while a long line
 * scrolls sideways. The numbers are CSS-generated from `data-n`, so copying a diff copies the
 * diff alone.
 */
function renderDiff(lines: readonly DiffLine[]): TemplateResult {
  const digits = String(lines.reduce((n, l) => Math.max(n, l.oldLine ?? 0, l.newLine ?? 0), 0)).length;
  // The template keeps <pre> free of stray whitespace: every character in it is shown.
  const rows = lines.map(
    (line) =>
      html`<span class="la-diff__line la-diff__${line.kind}"><span class="la-diff__gutter" aria-hidden="true"><span class="la-diff__n" data-n=${line.oldLine ?? ''}></span><span class="la-diff__n" data-n=${line.newLine ?? ''}></span></span><span class="la-diff__text">${line.text}</span></span>`,
  );
  return html`<pre class="la-code__pre la-diff" style=${`--la-diff-digits:${Math.max(digits, 2)}`}><code>${rows}</code></pre>`;
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
  const lines = showDiff ? numberDiffLines(section.diff ?? '') : [];
  const label = showDiff ? `${section.language || 'text'} · diff` : section.language;
  const body = showDiff ? renderDiff(lines) : renderSource(section.code ?? '', section.language ?? '');
  if (typeof section.collapsed === 'boolean') return renderFoldable(section, label, lines, body);
  return html`<div class="la-code">
    ${label ? html`<div class="la-code__lang">${label}</div>` : nothing}
    ${body}
  </div>`;
}

/**
 * A section with `collapsed` set folds under its title: a `<details>`, so it works without
 * script in frozen pages. `?open` is written only when `collapsed` changes, so a reader's own
 * unfolding survives live updates of the section.
 */
function renderFoldable(section: CodeSection, label: string, lines: readonly DiffLine[], body: TemplateResult): TemplateResult {
  const { added, removed } = diffStats(lines);
  const stats = lines.length ? html`<span class="la-code__stats"><span class="la-code__added">+${added}</span> <span class="la-code__removed">−${removed}</span></span>` : nothing;
  const title = section.title ? html`<h2 class="la-section__title la-code__title">${section.title}</h2>` : nothing;
  return html`<details class="la-code la-code--foldable" ?open=${!section.collapsed}>
    <summary class="la-code__summary">${title}${stats}${label ? html`<span class="la-code__lang">${label}</span>` : nothing}</summary>
    ${body}
  </details>`;
}
