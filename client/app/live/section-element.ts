import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Section } from '#shared/schema';
import { renderSection } from '#shared/render';
import type * as Y from 'yjs';
import { renderEditableChecklist, renderMarkdownEditing, type SectionEditor } from '../editing/index.ts';
import { LogTail } from './log-tail.ts';

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
    editor: { attribute: false },
    editingText: { state: true },
  };

  declare section: Section | undefined;
  /** Set for people who may edit: checklists tick, markdown text opens in an editor. */
  declare editor: SectionEditor | undefined;
  protected declare editingText: boolean;
  #text: Y.Text | undefined;
  readonly #tail = new LogTail(this);

  constructor() {
    super();
    this.editor = undefined;
    this.editingText = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another document (reloaded from storage) or no right to edit any more: the text editor closes.
    if (changed.has('editor')) {
      this.editingText = false;
      this.#text = undefined;
    }
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
    return html`${this.#body(this.section)}${more}`;
  }

  #body(section: Section): unknown {
    const editor = this.editor;
    if (!editor) return renderSection(section);
    if (section.type === 'checklist') return renderEditableChecklist(section, (itemId, done) => editor.setDone(section.id, itemId, done));
    if (section.type !== 'markdown') return renderSection(section);
    return renderMarkdownEditing(renderSection(section), {
      editing: this.editingText,
      text: this.#text,
      open: () => {
        this.#text = editor.markdownText(section.id);
        this.editingText = this.#text !== undefined;
        void this.updateComplete.then(() => this.querySelector('la-markdown-editor')?.focus());
      },
      close: () => {
        this.editingText = false;
        this.#text = undefined;
      },
    });
  }
}

customElements.define('la-section', SectionElement);

declare global {
  interface HTMLElementTagNameMap {
    'la-section': SectionElement;
  }
}
