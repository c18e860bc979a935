import { html, LitElement, type TemplateResult } from 'lit';
import { renderTopBar } from '../chrome/index.ts';

/** Any path the app does not know: say so, and offer the way home. */
export class NotFoundPage extends LitElement {
  static override properties = {
    path: { attribute: false },
  };

  declare path: string;

  constructor() {
    super();
    this.path = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = 'Page not found · Live Artifacts';
  }

  protected override render(): TemplateResult {
    return html`${renderTopBar()}
      <main class="page">
        <div class="notice notice--quiet" data-testid="not-found">
          <h1 class="notice__title">Page not found</h1>
          <p>There is nothing at <code>${this.path}</code>.</p>
          <p class="notice__actions"><a class="button" href="/">Go to all artifacts</a></p>
        </div>
      </main>`;
  }
}

customElements.define('la-not-found', NotFoundPage);

declare global {
  interface HTMLElementTagNameMap {
    'la-not-found': NotFoundPage;
  }
}
