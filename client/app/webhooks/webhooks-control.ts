import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { artifactHooksBase } from './webhooks-api.ts';
import './webhooks-panel.ts';

/**
 * "Webhooks" in the live view's toolbar, for the artifact's owner: a modal dialog with the
 * artifact's own hooks and their delivery logs. The panel is built only while the dialog is
 * open, so nothing is fetched for pages where nobody asks.
 */
export class WebhooksControl extends LitElement {
  static override properties = {
    artifactId: { attribute: false },
    open: { state: true },
  };

  declare artifactId: string;
  protected declare open: boolean;

  constructor() {
    super();
    this.artifactId = '';
    this.open = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  async #show(): Promise<void> {
    this.open = true;
    await this.updateComplete;
    this.querySelector('dialog')?.showModal();
  }

  #close(): void {
    this.querySelector('dialog')?.close();
  }

  protected override render(): TemplateResult {
    return html`<button type="button" class="button button--quiet" data-testid="webhooks-open" aria-haspopup="dialog" @click=${() => void this.#show()}>Webhooks</button>
      <dialog class="share-dialog webhooks-dialog" data-testid="webhooks-dialog" aria-labelledby="webhooks-dialog-title" @close=${() => (this.open = false)}>
        <header class="share-dialog__header">
          <h2 class="share-dialog__title" id="webhooks-dialog-title">Webhooks of this artifact</h2>
          <button type="button" class="share-dialog__close" aria-label="Close" @click=${() => this.#close()}>×</button>
        </header>
        <div class="share-dialog__body">${this.open ? html`<la-webhooks-panel .base=${artifactHooksBase(this.artifactId)}></la-webhooks-panel>` : nothing}</div>
      </dialog>`;
  }
}

customElements.define('la-webhooks-control', WebhooksControl);

declare global {
  interface HTMLElementTagNameMap {
    'la-webhooks-control': WebhooksControl;
  }
}
