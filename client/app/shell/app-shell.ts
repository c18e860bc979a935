import { html, LitElement } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import '../admin/index.ts';
import '../audit/index.ts';
import '../diff/index.ts';
import '../gallery/index.ts';
import '../history/index.ts';
import '../live/index.ts';
import '../version/index.ts';
import { startRouter, type Route } from '../router/index.ts';
import './not-found-page.ts';

/** The whole app: picks the page for the current URL. */
export class AppShell extends LitElement {
  static override properties = {
    route: { state: true },
  };

  protected declare route: Route | undefined;

  #stopRouter: (() => void) | undefined;

  constructor() {
    super();
    this.route = undefined;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stopRouter = startRouter((route) => (this.route = route));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopRouter?.();
  }

  protected override render(): unknown {
    const route = this.route;
    if (!route) return undefined;
    switch (route.page) {
      case 'gallery':
        // One element across filter changes, so the search box keeps focus while the URL follows it.
        return html`<la-gallery .q=${route.q} .kind=${route.kind} .show=${route.show} .sort=${route.sort}></la-gallery>`;
      // A fresh element per artifact (and version), so no state of one leaks into the next.
      case 'live':
        return keyed(route.artifactId, html`<la-live-view .artifactId=${route.artifactId}></la-live-view>`);
      case 'history':
        return keyed(route.artifactId, html`<la-history-page .artifactId=${route.artifactId}></la-history-page>`);
      case 'version':
        return keyed(
          `${route.artifactId}/${route.version}`,
          html`<la-version-page .artifactId=${route.artifactId} .version=${route.version}></la-version-page>`,
        );
      case 'diff':
        // Kept across changes of the sides, so the pickers stay put while the diff reloads.
        return keyed(
          route.artifactId,
          html`<la-diff-page .artifactId=${route.artifactId} .from=${route.from} .to=${route.to}></la-diff-page>`,
        );
      case 'admin':
        return html`<la-admin-page></la-admin-page>`;
      case 'audit':
        return html`<la-audit-page></la-audit-page>`;
      case 'not-found':
        return html`<la-not-found .path=${route.path}></la-not-found>`;
    }
  }
}

customElements.define('la-app', AppShell);

declare global {
  interface HTMLElementTagNameMap {
    'la-app': AppShell;
  }
}
