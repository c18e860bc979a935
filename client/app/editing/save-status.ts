import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { SaveState } from './save-state.ts';

const WORDS: Record<SaveState, string> = { saved: 'Saved', saving: 'Saving…', offline: 'Not saved yet: waiting for the connection' };

/**
 * "Saving…" / "Saved" for editors. The server acknowledges a socket change only once it is
 * stored (server/collab/socket-writes.ts), so "Saved" never shows while a change could still be
 * lost. Shows nothing until the first edit: a reader who only looks needs no save state.
 */
export class SaveStatus extends LitElement {
  static override properties = { state: { attribute: false }, edited: { attribute: false } };

  declare state: SaveState;
  declare edited: boolean;

  constructor() {
    super();
    this.state = 'saved';
    this.edited = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render(): TemplateResult | typeof nothing {
    if (!this.edited && this.state === 'saved') return nothing;
    return html`<span class="save-status save-status--${this.state}" role="status" data-testid="save-status" data-state=${this.state}>${WORDS[this.state]}</span>`;
  }
}

customElements.define('la-save-status', SaveStatus);

declare global {
  interface HTMLElementTagNameMap {
    'la-save-status': SaveStatus;
  }
}
