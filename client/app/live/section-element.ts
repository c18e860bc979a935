import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Section } from '#shared/schema';
import { renderSection, renderSectionAnchor, type TimelineFilter } from '#shared/render';
import { ChartTooltip } from './chart-tooltip.ts';
import { LogTail } from './log-tail.ts';
import { fillRelativeTimes } from './relative-times.ts';
import { liveRenderOptions } from './live-render-options.ts';
import { NO_FILTER, renderTimelineToolbar } from './timeline-toolbar.ts';

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
  };

  declare section: Section | undefined;
  /** The reader's filter of this timeline (reading aids: timeline-toolbar.ts). */
  protected declare filter: TimelineFilter;
  readonly #tail = new LogTail(this);
  readonly #tooltip = new ChartTooltip(liveRenderOptions());

  constructor() {
    super();
    this.filter = NO_FILTER;
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
    return html`${renderSectionAnchor(this.section)}${renderSection(this.section, options)}${more}`;
  }
}

customElements.define('la-section', SectionElement);

declare global {
  interface HTMLElementTagNameMap {
    'la-section': SectionElement;
  }
}
