import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { Section } from '#shared/schema';
import { sectionAnchorId } from '#shared/render';
import '../styles/reading.css';

const TYPE_NAMES: Record<string, string> = {
  markdown: 'Text',
  code: 'Code',
  chart: 'Chart',
  timeline: 'Timeline',
  checklist: 'Checklist',
  table: 'Table',
  callout: 'Note',
  metrics: 'Metrics',
  image: 'Image',
};

/** A section's name in the contents: its title, else the start of its text, else its type. */
export function contentsTitle(section: Section): string {
  if (section.title) return section.title;
  const text = section.type === 'markdown' || section.type === 'callout' ? section.text : '';
  const first = text.replace(/[#*_`>[\]]/g, '').trim().split('\n')[0] ?? '';
  if (first) return first.length > 48 ? `${first.slice(0, 47)}…` : first;
  return TYPE_NAMES[section.type] ?? section.type;
}

/**
 * The contents of a live page: every section with its type, the ones that changed since the
 * reader opened the page marked (until visited), the one being read highlighted, and "Jump to
 * latest". A column beside the article on a wide screen; a "Contents" button that opens the list
 * on a narrow one. Also holds the polite live region that announces new events in batches.
 * Emits `la-contents-go` (detail: section id) and `la-jump-latest`.
 */
export class ContentsNav extends LitElement {
  static override properties = {
    sections: { attribute: false },
    changed: { attribute: false },
    currentId: { attribute: false },
    canJump: { attribute: false },
    announcement: { attribute: false },
    open: { state: true },
  };

  declare sections: readonly Section[];
  declare changed: ReadonlySet<string>;
  declare currentId: string | undefined;
  declare canJump: boolean;
  declare announcement: string;
  protected declare open: boolean;

  constructor() {
    super();
    this.sections = [];
    this.changed = new Set();
    this.currentId = undefined;
    this.canJump = false;
    this.announcement = '';
    this.open = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  #go(event: Event, id: string): void {
    event.preventDefault();
    this.open = false;
    this.dispatchEvent(new CustomEvent('la-contents-go', { detail: id, bubbles: true }));
  }

  protected override render(): TemplateResult {
    const changedCount = this.sections.filter((s) => this.changed.has(s.id)).length;
    return html`<nav class="contents ${this.open ? 'contents--open' : ''}" aria-label="Contents" data-testid="contents">
      <button type="button" class="contents__toggle" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="contents-list"
        data-testid="contents-toggle" @click=${() => (this.open = !this.open)}>
        <span>Contents</span>${changedCount ? html`<span class="contents__count">${changedCount} changed</span>` : nothing}
        <span class="contents__chevron" aria-hidden="true">▾</span>
      </button>
      <div class="contents__body" id="contents-list">
        <h2 class="contents__heading">Contents</h2>
        ${this.sections.length === 0
          ? html`<p class="contents__empty">Sections appear here as the agent adds them.</p>`
          : html`<ol class="contents__list">
              ${this.sections.map((s) => this.#renderItem(s))}
            </ol>`}
        <button type="button" class="contents__latest" data-testid="jump-latest" ?disabled=${!this.canJump}
          @click=${() => { this.open = false; this.dispatchEvent(new Event('la-jump-latest', { bubbles: true })); }}>
          <span aria-hidden="true">↓</span> Jump to latest
        </button>
      </div>
      <div class="la-sr-only" aria-live="polite" data-testid="events-announcer">${this.announcement}</div>
    </nav>`;
  }

  #renderItem(section: Section): TemplateResult {
    const current = section.id === this.currentId;
    const changed = this.changed.has(section.id);
    return html`<li>
      <a class="contents__link ${current ? 'is-current' : ''} ${changed ? 'is-changed' : ''}" href=${`#${sectionAnchorId(section.id)}`}
        data-section-id=${section.id} aria-current=${current ? 'location' : nothing} @click=${(e: Event) => this.#go(e, section.id)}>
        <span class="contents__title">${contentsTitle(section)}</span>
        <span class="contents__meta"><span class="contents__type">${TYPE_NAMES[section.type] ?? section.type}</span>${
          changed ? html`<span class="contents__changed" data-testid="contents-changed">changed</span>` : nothing
        }</span>
      </a>
    </li>`;
  }
}

customElements.define('la-contents', ContentsNav);

declare global {
  interface HTMLElementTagNameMap {
    'la-contents': ContentsNav;
  }
}
