import { css, html, LitElement, nothing } from 'lit';
import { comments } from './comments-model.ts';

/**
 * The comment control in a section's header: a speech bubble with the number of comments,
 * opening that section's thread panel. Floats right at the top of its section; absent when
 * the user may not comment (the org turned comments off).
 */
export class CommentButton extends LitElement {
  static override properties = { sectionId: { attribute: false }, sectionTitle: { attribute: false } };
  static override styles = css`
    :host { float: right; margin: 0 0 4px 12px; position: relative; z-index: 1; }
    button {
      display: inline-flex; align-items: center; gap: 6px; min-height: 32px; padding: 4px 10px;
      font: inherit; font-size: 13px; color: var(--la-muted, #57606a); background: var(--la-bg, #fff);
      border: 1px solid var(--la-border, #d0d7de); border-radius: 999px; cursor: pointer;
    }
    button:hover { color: var(--la-text, #1f2328); border-color: #8c959f; }
    button:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
    button[aria-expanded='true'] { color: #0969da; border-color: #0969da; }
    .open { color: #9a6700; font-weight: 600; }
    svg { width: 16px; height: 16px; }
  `;

  declare sectionId: string;
  declare sectionTitle: string;
  readonly #onChange = () => this.requestUpdate();

  constructor() {
    super();
    this.sectionId = '';
    this.sectionTitle = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    comments.addEventListener('change', this.#onChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    comments.removeEventListener('change', this.#onChange);
  }

  protected override render(): unknown {
    if (!comments.enabled || !this.sectionId) return nothing;
    const { open, comments: count } = comments.countsOf(this.sectionId);
    const what = this.sectionTitle ? `“${this.sectionTitle}”` : 'this section';
    const label = count ? `${count} comment${count === 1 ? '' : 's'} on ${what}${open ? `, ${open} open` : ''}` : `Comment on ${what}`;
    return html`<button
      type="button"
      data-comment-button
      aria-label=${label}
      aria-expanded=${comments.openSection === this.sectionId ? 'true' : 'false'}
      aria-controls="la-comments-panel"
      @click=${() => comments.showSection(comments.openSection === this.sectionId ? undefined : this.sectionId)}
    >
      <svg viewBox="0 0 16 16" aria-hidden="true"><path fill="currentColor" d="M1.75 1h12.5c.97 0 1.75.78 1.75 1.75v8.5A1.75 1.75 0 0 1 14.25 13H8.06l-2.57 2.57A1.46 1.46 0 0 1 3 14.54V13H1.75A1.75 1.75 0 0 1 0 11.25v-8.5C0 1.78.78 1 1.75 1Zm0 1.5a.25.25 0 0 0-.25.25v8.5c0 .14.11.25.25.25h2a.75.75 0 0 1 .75.75v2.19l2.72-2.72a.75.75 0 0 1 .53-.22h6.5a.25.25 0 0 0 .25-.25v-8.5a.25.25 0 0 0-.25-.25Z"/></svg>
      ${count ? html`<span class=${open ? 'open' : ''}>${count}</span>` : html`<span>Comment</span>`}
    </button>`;
  }
}

customElements.define('la-comment-button', CommentButton);

declare global {
  interface HTMLElementTagNameMap {
    'la-comment-button': CommentButton;
  }
}
