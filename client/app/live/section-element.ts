import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Section } from '#shared/schema';
import { renderSection } from '#shared/render';
import { LogTail } from './log-tail.ts';
import '../comments/comment-button.ts';

/**
 * One section of a live artifact. Light DOM, so the shared artifact CSS applies exactly as in
 * the frozen HTML. It re-renders only when handed a different `section` object, and the
 * SectionStore hands out a new object only when that section changed: an update elsewhere in
 * the document leaves this element and all its DOM untouched. A log section follows its tail
 * (see LogTail).
 */
export class SectionElement extends LitElement {
  static override properties = {
    section: { attribute: false },
  };

  declare section: Section | undefined;
  readonly #tail = new LogTail(this);

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('section')) return;
    this.#tail.beforeRender();
    if (this.section) {
      this.dataset['sectionId'] = this.section.id;
      this.dataset['type'] = this.section.type;
      this.id = `section-${this.section.id}`;
    }
  }

  protected override render(): unknown {
    if (!this.section) return nothing;
    const more = this.#tail.hasNewLines
      ? html`<button type="button" class="la-log-more" @click=${() => this.#tail.jumpToTail()}>New lines ↓</button>`
      : nothing;
    return html`<la-comment-button .sectionId=${this.section.id} .sectionTitle=${this.section.title ?? ''}></la-comment-button>${renderSection(this.section)}${more}`;
  }
}

customElements.define('la-section', SectionElement);

declare global {
  interface HTMLElementTagNameMap {
    'la-section': SectionElement;
  }
}
