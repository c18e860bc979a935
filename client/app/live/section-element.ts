import { LitElement, nothing, type PropertyValues } from 'lit';
import type { Section } from '#shared/schema';
import { renderSection } from '#shared/render';

/**
 * One section of a live artifact. Light DOM, so the shared artifact CSS applies exactly as in
 * the frozen HTML. It re-renders only when handed a different `section` object, and the
 * SectionStore hands out a new object only when that section changed: an update elsewhere in
 * the document leaves this element and all its DOM untouched.
 */
export class SectionElement extends LitElement {
  static override properties = {
    section: { attribute: false },
  };

  declare section: Section | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('section')) return;
    if (this.section) {
      this.dataset['sectionId'] = this.section.id;
      this.dataset['type'] = this.section.type;
      this.id = `section-${this.section.id}`;
    }
  }

  protected override render(): unknown {
    return this.section ? renderSection(this.section) : nothing;
  }
}

customElements.define('la-section', SectionElement);

declare global {
  interface HTMLElementTagNameMap {
    'la-section': SectionElement;
  }
}
