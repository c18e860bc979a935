import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Section } from '#shared/schema';
import { renderSection, renderSectionAnchor, type TimelineFilter } from '#shared/render';
import type * as Y from 'yjs';
import { renderEditableChecklist, renderMarkdownEditing, type SectionEditor } from '../editing/index.ts';
import { ChartTooltip } from './chart-tooltip.ts';
import { LogTail } from './log-tail.ts';
import { fillRelativeTimes } from './relative-times.ts';
import { liveRenderOptions } from './live-render-options.ts';
import { NO_FILTER, renderTimelineToolbar } from './timeline-toolbar.ts';
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
    filter: { state: true },
    editor: { attribute: false },
    editingText: { state: true },
  };

  declare section: Section | undefined;
  /** The reader's filter of this timeline (reading aids: timeline-toolbar.ts). */
  protected declare filter: TimelineFilter;
  /** Set for people who may edit: checklists tick, markdown text opens in an editor. */
  declare editor: SectionEditor | undefined;
  protected declare editingText: boolean;
  #text: Y.Text | undefined;
  readonly #tail = new LogTail(this);
  readonly #tooltip = new ChartTooltip(liveRenderOptions());

  constructor() {
    super();
    this.filter = NO_FILTER;
    this.editingText = false;
    const pointer = (event: PointerEvent) => {
      if (this.section?.type === 'chart') this.#tooltip.onPointer(event, this.section);
    };
    this.addEventListener('pointermove', pointer);
    this.addEventListener('pointerdown', pointer);
    this.addEventListener('pointerleave', () => this.#tooltip.hide(this.querySelector('.la-chart__plot')));
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
    if (changed.get('section')?.type === 'chart') this.#tooltip.hide(this.querySelector('.la-chart__plot'));
    this.#tail.beforeRender();
    if (this.section) {
      this.dataset['sectionId'] = this.section.id;
      this.dataset['type'] = this.section.type;
      this.id = `section-${this.section.id}`;
    }
  }

  /** A filter or a change shows events whose relative times the page's tick has not filled yet. */
  protected override updated(): void {
    if (this.section?.type === 'timeline') fillRelativeTimes(this);
  }

  protected override render(): unknown {
    if (!this.section) return nothing;
    const more = this.#tail.hasNewLines
      ? html`<button type="button" class="la-log-more" @click=${() => this.#tail.jumpToTail()}>New lines ↓</button>`
      : nothing;
    const options = liveRenderOptions(
      this.section.type === 'timeline'
        ? { timelineFilter: this.filter, timelineToolbar: renderTimelineToolbar(this.section.id, this.filter, (next) => (this.filter = next)) }
        : {},
    );
    return html`${renderSectionAnchor(this.section)}<la-comment-button .sectionId=${this.section.id} .sectionTitle=${this.section.title ?? ''}></la-comment-button>${this.#body(this.section, options)}${more}`;
  }

  #body(section: Section, options: ReturnType<typeof liveRenderOptions>): unknown {
    const editor = this.editor;
    if (!editor) return renderSection(section, options);
    if (section.type === 'checklist') return renderEditableChecklist(section, (itemId, done) => editor.setDone(section.id, itemId, done));
    if (section.type !== 'markdown') return renderSection(section, options);
    return renderMarkdownEditing(renderSection(section, options), {
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
