import { html, LitElement } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import '../gallery/index.ts';
import '../live/index.ts';
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
        return html`<la-gallery></la-gallery>`;
      case 'live':
        // A fresh element per artifact, so no state of one artifact leaks into the next.
        return keyed(route.artifactId, html`<la-live-view .artifactId=${route.artifactId}></la-live-view>`);
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
