import { html, nothing, type TemplateResult } from 'lit';

/**
 * The thin bar on every page: the product name (a link home, so no page is a dead end) and
 * whatever the page adds on the right.
 */
export function renderTopBar(trailing: unknown = nothing): TemplateResult {
  return html`<div class="app-bar">
    <nav class="app-bar__inner" aria-label="Site">
      <a class="app-bar__brand" href="/"><span class="app-bar__logo" aria-hidden="true"></span>Live Artifacts</a>
      <div class="app-bar__end">${trailing}</div>
    </nav>
  </div>`;
}
