import { html, nothing, type TemplateResult } from 'lit';
import './user-menu.ts';

/**
 * The thin bar on every page: the product name (a link home, so no page is a dead end),
 * whatever the page adds, and the signed-in user with "Sign out".
 */
export function renderTopBar(trailing: unknown = nothing): TemplateResult {
  return html`<div class="app-bar">
    <nav class="app-bar__inner" aria-label="Site">
      <a class="app-bar__brand" href="/"
        ><span class="app-bar__logo" aria-hidden="true"></span><span class="app-bar__name">Live Artifacts</span></a
      >
      <div class="app-bar__end">${trailing}<la-user-menu></la-user-menu></div>
    </nav>
  </div>`;
}
