import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { LiveNotice } from '#shared/api';
import { versionPath } from '../router/index.ts';
import { restoredText } from './live-notice.ts';
import { newAboveText, NOTHING_NEW, type NewAbove } from './new-above.ts';

/** Why the content on screen is not current while the page keeps it there. */
export interface Staleness {
  cause: 'offline' | 'unavailable';
  /** When it stopped being current, if known. */
  since: Date | undefined;
}

/**
 * The small notices that float over a live page, out of the document's flow so that showing one
 * never moves what the reader is reading: under the top bar "N new events above" with a button
 * up; at the bottom "Restored to version n by …" when the page changed under the reader, and
 * "not current" while the connection or the server is away. Polite live regions (not
 * `role=status`, which is atomic: only what is added is read out). Emits `la-retry`, `la-jump-new`, `la-dismiss-new`, `la-dismiss-restored`.
 */
export class LiveNotices extends LitElement {
  static override properties = {
    artifactId: { attribute: false },
    stale: { attribute: false },
    restored: { attribute: false },
    newAbove: { attribute: false },
  };

  declare artifactId: string;
  declare stale: Staleness | undefined;
  declare restored: LiveNotice | undefined;
  declare newAbove: NewAbove;

  constructor() {
    super();
    this.artifactId = '';
    this.stale = undefined;
    this.restored = undefined;
    this.newAbove = NOTHING_NEW;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  #emit(type: string): void {
    this.dispatchEvent(new Event(type, { bubbles: true }));
  }

  protected override render(): TemplateResult {
    // Above: what arrived up there, with the way up. Below, like a snackbar, what concerns the
    // whole page, which must not cover its toolbar and title. Each a polite live region.
    return html`<div class="live-notices live-notices--top" aria-live="polite" data-testid="live-notices">${this.#renderNewAbove()}</div>
      <div class="live-notices live-notices--bottom" aria-live="polite" data-testid="live-notices-bottom">
        ${this.#renderStale()}${this.#renderRestored()}
      </div>`;
  }

  #renderStale(): TemplateResult | typeof nothing {
    const stale = this.stale;
    if (!stale) return nothing;
    const what = stale.cause === 'offline' ? 'The connection is lost.' : 'The server cannot serve the live document right now.';
    const since = stale.since ? ` This is the page as of ${stale.since.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}.` : '';
    return html`<div class="live-notice live-notice--stale" data-testid="live-stale" data-cause=${stale.cause}>
      <span class="live-notice__icon" aria-hidden="true">!</span>
      <span class="live-notice__text"><strong>Not current.</strong> ${what}${since} Still trying…</span>
      <button type="button" class="live-notice__action" data-testid="retry-now" @click=${() => this.#emit('la-retry')}>Try now</button>
    </div>`;
  }

  #renderRestored(): TemplateResult | typeof nothing {
    const notice = this.restored;
    if (!notice) return nothing;
    return html`<div class="live-notice" data-testid="restored-notice">
      <span class="live-notice__icon live-notice__icon--info" aria-hidden="true">↺</span>
      <span class="live-notice__text"
        >${restoredText(notice)}.${notice.preservedVersion === null
          ? nothing
          : html` The page before it is
              <a class="nowrap" href=${versionPath(this.artifactId, notice.preservedVersion)} data-testid="preserved-version-link">version ${notice.preservedVersion}</a>.`}</span
      >
      ${this.#dismiss('la-dismiss-restored', 'Dismiss the restore notice')}
    </div>`;
  }

  #renderNewAbove(): TemplateResult | typeof nothing {
    const text = newAboveText(this.newAbove);
    if (!text) return nothing;
    return html`<div class="live-notice live-notice--new" data-testid="new-above">
      <button type="button" class="live-notice__jump" data-testid="jump-to-new" @click=${() => this.#emit('la-jump-new')}>
        <span aria-hidden="true">↑</span> ${text}
      </button>
      ${this.#dismiss('la-dismiss-new', 'Dismiss the new content notice')}
    </div>`;
  }

  #dismiss(event: string, label: string): TemplateResult {
    return html`<button type="button" class="live-notice__close" aria-label=${label} title="Dismiss" @click=${() => this.#emit(event)}>×</button>`;
  }
}

customElements.define('la-live-notices', LiveNotices);

declare global {
  interface HTMLElementTagNameMap {
    'la-live-notices': LiveNotices;
  }
}
