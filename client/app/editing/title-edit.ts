import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { ArtifactMeta } from '#shared/schema';
import { statusTone } from '#shared/render';

/** The longest title an op may set (shared/ops' label limit); the input stops there. */
export const MAX_TITLE_CHARS = 1_000;

/**
 * The artifact's header for an editor: the title, with a "Rename" control that turns it into
 * an input (Enter or leaving the field saves, Escape cancels). An empty title is not offered:
 * the field says why and keeps the old one. Fires `la-rename` with the new title.
 */
export class TitleEdit extends LitElement {
  static override properties = { meta: { attribute: false }, editing: { state: true }, problem: { state: true } };

  declare meta: ArtifactMeta | undefined;
  protected declare editing: boolean;
  protected declare problem: string;

  constructor() {
    super();
    this.editing = false;
    this.problem = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  #start(): void {
    this.editing = true;
    this.problem = '';
    void this.updateComplete.then(() => this.querySelector<HTMLInputElement>('input')?.select());
  }

  #finish(input: HTMLInputElement, save: boolean): void {
    if (!this.editing) return;
    const title = input.value.trim();
    if (save && !title) {
      this.problem = 'A title cannot be empty.';
      input.focus();
      return;
    }
    this.editing = false;
    this.problem = '';
    if (save && title !== (this.meta?.title ?? '')) this.dispatchEvent(new CustomEvent('la-rename', { detail: title, bubbles: true }));
    void this.updateComplete.then(() => this.querySelector<HTMLButtonElement>('.title-edit__button')?.focus());
  }

  protected override render(): TemplateResult {
    const meta = this.meta ?? { title: '', kind: '' };
    return html`<header class="la-header">
      ${meta.kind ? html`<div class="la-header__kind">${meta.kind}</div>` : nothing}
      ${this.editing
        ? html`<div class="title-edit">
            <label class="visually-hidden" for="title-edit-input">Title</label>
            <input
              id="title-edit-input"
              class="input title-edit__input"
              data-testid="title-input"
              maxlength=${MAX_TITLE_CHARS}
              .value=${meta.title}
              aria-invalid=${this.problem ? 'true' : 'false'}
              aria-describedby="title-edit-problem"
              @keydown=${(e: KeyboardEvent) => {
                if (e.key !== 'Enter' && e.key !== 'Escape') return;
                // Otherwise the key's press lands on the Rename button focused next, which opens the field again.
                e.preventDefault();
                this.#finish(e.target as HTMLInputElement, e.key === 'Enter');
              }}
              @blur=${(e: FocusEvent) => this.#finish(e.target as HTMLInputElement, true)}
            />
            <span id="title-edit-problem" class="title-edit__problem" role="alert">${this.problem}</span>
          </div>`
        : html`<h1 class="la-header__title">
              ${meta.emoji ? html`<span class="la-header__emoji" aria-hidden="true">${meta.emoji}</span>` : nothing}<span>${meta.title || 'Untitled'}</span>
            </h1>
            <button type="button" class="button button--quiet title-edit__button" data-testid="rename" @click=${() => this.#start()}>Rename</button>`}
      ${typeof meta.status === 'string' && meta.status ? html`<span class="la-badge la-status la-status--${statusTone(meta.status)}">${meta.status}</span>` : nothing}
    </header>`;
  }
}

customElements.define('la-title-edit', TitleEdit);

declare global {
  interface HTMLElementTagNameMap {
    'la-title-edit': TitleEdit;
  }
}
