import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { api, type ArtifactsError, type ArtifactSummary } from '../api/index.ts';
import { LoadController, renderLoading, renderTopBar } from '../chrome/index.ts';
import { formatFullTime, formatRelativeTime } from '../format/index.ts';
import { galleryPath, historyPath, livePath, navigate } from '../router/index.ts';
import { currentUser } from '../access/index.ts';
import { galleryView, kindOptions, latestVersionLabel, ownerLabel, parseShow, parseSort, SEARCH_DEBOUNCE_MS, type GalleryShow, type GallerySort } from './gallery-filters.ts';
import { GalleryPoll } from './gallery-poll.ts';
import './gallery.css';

/** Re-render relative times ("5 minutes ago") this often so they do not go stale. */
const CLOCK_TICK_MS = 60_000;

/** What the *Mine* / *Shared with me* control offers. */
const SHOW_OPTIONS: readonly [GalleryShow, string][] = [
  ['all', 'All'],
  ['mine', 'Mine'],
  ['shared', 'Shared with me'],
];
const SORT_OPTIONS: readonly [GallerySort, string][] = [
  ['updated', 'Recently updated'],
  ['created', 'Recently created'],
  ['title', 'Title'],
];

/**
 * `/`: the artifacts the reader may see, searchable by title and filterable by kind (by the
 * server), by owner (*Mine*, *Shared with me*) and sorted (here, over rows the server already
 * authorized). Every filter lives in the URL (`/?q=…&kind=…&show=…&sort=…`) so a filtered list
 * can be linked to and survives a reload. The list keeps itself current (see GalleryPoll).
 */
export class GalleryPage extends LitElement {
  static override properties = {
    q: { attribute: false },
    kind: { attribute: false },
    show: { attribute: false },
    sort: { attribute: false },
    nowMs: { state: true },
    meUserId: { state: true },
    refreshFailed: { state: true },
  };

  /** Filters as the URL gives them. */
  declare q: string;
  declare kind: string;
  declare show: string;
  declare sort: string;
  protected declare nowMs: number;
  protected declare meUserId: string | undefined;
  /** The last background refresh failed: the list may be behind (the next one retries). */
  protected declare refreshFailed: boolean;

  /** The filters the list on screen was asked with (the URL may be a keystroke behind). */
  #filters = { q: '', kind: '' };
  /** What the search box holds; ahead of `#filters.q` while the debounce runs. */
  #typed = '';
  /** Every kind seen so far, so filtering by one kind does not hide the others from the menu. */
  #kindsSeen = new Set<string>();
  /** A filtered reload keeps the previous list on screen. */
  readonly #list = new LoadController(this, {
    args: () => [this.#filters.q, this.#filters.kind],
    load: ([q, kind], signal) => api.list({ q, kind, signal }),
    keepValue: true,
    loaded: (artifacts) => {
      for (const a of artifacts) if (a.kind) this.#kindsSeen.add(a.kind);
      this.nowMs = Date.now();
    },
  });
  /** New, changed and deleted artifacts show up without a reload; the list on screen stays meanwhile. */
  readonly #poll = new GalleryPoll(this, async (signal) => {
    if (this.#list.pending || this.#list.state.phase !== 'loaded') return;
    const asked = this.#filters;
    try {
      const rows = await api.list({ q: asked.q, kind: asked.kind, signal });
      if (signal.aborted || asked !== this.#filters || this.#list.pending) return;
      this.#list.set(rows);
      for (const a of rows) if (a.kind) this.#kindsSeen.add(a.kind);
      this.refreshFailed = false;
    } catch {
      if (!signal.aborted) this.refreshFailed = true;
    }
  });
  #clock: ReturnType<typeof setInterval> | undefined;
  #debounce: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.q = '';
    this.kind = '';
    this.show = '';
    this.sort = '';
    this.nowMs = Date.now();
    this.meUserId = undefined;
    this.refreshFailed = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = 'Artifacts · Live Artifacts';
    this.#clock = setInterval(() => (this.nowMs = Date.now()), CLOCK_TICK_MS);
    void currentUser().then(
      (me) => (this.meUserId = me.userId),
      () => undefined, // the list's own request says what is wrong
    );
  }

  /** Changes how the list is shown (owner filter, order): only the URL and the view change, no request. */
  #view(change: { show?: GalleryShow; sort?: GallerySort }): void {
    const show = change.show ?? parseShow(this.show);
    const sort = change.sort ?? parseSort(this.sort);
    navigate(galleryPath({ ...this.#filters, show: show === 'all' ? '' : show, sort: sort === 'updated' ? '' : sort }), { replace: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
    clearTimeout(this.#debounce);
  }

  /** A filtered reload is under way while the previous list stays on screen. */
  get #searching(): boolean {
    return this.#list.pending && this.#list.state.phase === 'loaded';
  }

  /** Takes the URL's filters when they differ from the ones on screen (back, links); the list follows them. */
  protected override willUpdate(changed: PropertyValues<this>): void {
    const fromUrl = { q: this.q ?? '', kind: this.kind ?? '' };
    const first = !this.hasUpdated;
    if (first || ((changed.has('q') || changed.has('kind')) && (fromUrl.q !== this.#filters.q || fromUrl.kind !== this.#filters.kind))) {
      clearTimeout(this.#debounce);
      this.#filters = fromUrl;
      this.#typed = fromUrl.q;
    }
  }

  /** Applies new filters: the URL follows (without a history entry per keystroke) and the list reloads. */
  #apply(filters: { q: string; kind: string }): void {
    clearTimeout(this.#debounce);
    this.#filters = filters;
    this.#typed = filters.q;
    navigate(galleryPath({ ...filters, show: this.show, sort: this.sort }), { replace: true });
    void this.#list.run();
  }

  #onSearchInput(value: string): void {
    this.#typed = value;
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => this.#apply({ ...this.#filters, q: value.trim() }), SEARCH_DEBOUNCE_MS);
  }

  protected override render(): TemplateResult {
    return html`${renderTopBar()}
      <main class="page">
        <header class="page__header">
          <h1 class="page__title">Artifacts</h1>
          <p class="page__lede">Live pages your agents keep up to date.</p>
        </header>
        ${this.#renderFilters()} ${this.#renderBody()}
      </main>`;
  }

  #renderFilters(): TemplateResult {
    const artifacts = this.#list.value ?? [];
    const kinds = kindOptions(this.#kindsSeen, artifacts, this.#filters.kind);
    return html`<form class="filters" role="search" data-testid="gallery-filters" @submit=${(e: Event) => e.preventDefault()}>
      <label class="filters__search">
        <span class="visually-hidden">Search titles</span>
        <input
          class="input"
          type="search"
          name="q"
          placeholder="Search titles"
          autocomplete="off"
          data-testid="gallery-search"
          .value=${live(this.#typed)}
          @input=${(e: Event) => this.#onSearchInput((e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this.#apply({ ...this.#filters, q: (e.target as HTMLInputElement).value.trim() })}
        />
      </label>
      <label class="filters__kind">
        <span class="visually-hidden">Kind</span>
        <select
          class="select"
          name="kind"
          data-testid="gallery-kind"
          .value=${live(this.#filters.kind)}
          @change=${(e: Event) => this.#apply({ ...this.#filters, kind: (e.target as HTMLSelectElement).value })}
        >
          <option value="" ?selected=${this.#filters.kind === ''}>All kinds</option>
          ${kinds.map((k) => html`<option value=${k} ?selected=${k === this.#filters.kind}>${k}</option>`)}
        </select>
      </label>
      <label class="filters__kind">
        <span class="visually-hidden">Sort by</span>
        <select class="select" name="sort" data-testid="gallery-sort" @change=${(e: Event) => this.#view({ sort: parseSort((e.target as HTMLSelectElement).value) })}>
          ${SORT_OPTIONS.map(([value, label]) => html`<option value=${value} ?selected=${value === parseSort(this.sort)}>${label}</option>`)}
        </select>
      </label>
      ${this.#searching ? html`<span class="spinner" role="status" aria-label="Searching"></span>` : nothing}
    </form>
    <div class="segmented" role="group" aria-label="Whose artifacts" data-testid="gallery-show">
      ${SHOW_OPTIONS.map(
        ([value, label]) =>
          html`<button type="button" class="segmented__option" aria-pressed=${value === parseShow(this.show) ? 'true' : 'false'} data-show=${value} @click=${() => this.#view({ show: value })}>
            ${label}
          </button>`,
      )}
    </div>
    ${this.refreshFailed ? html`<p class="notice notice--quiet gallery__stale" role="status">Could not check for changes just now; trying again.</p>` : nothing}`;
  }

  #renderBody(): TemplateResult {
    const state = this.#list.state;
    switch (state.phase) {
      case 'loading':
        return renderLoading('Loading…');
      case 'error':
        return this.#renderError(state.error);
      case 'loaded': {
        const show = parseShow(this.show);
        const shown = galleryView(state.value, show, parseSort(this.sort), this.meUserId);
        if (shown.length > 0) return this.#renderList(shown);
        if (this.#filters.q || this.#filters.kind) return this.#renderNoMatch();
        return this.#renderEmpty(show);
      }
    }
  }

  #renderList(artifacts: ArtifactSummary[]): TemplateResult {
    return html`<ul class="gallery" data-testid="gallery" aria-busy=${this.#searching ? 'true' : 'false'}>
      ${repeat(
        artifacts,
        (a) => a.id,
        (a) => html`<li class="gallery__item">
          <a class="gallery__card" href=${livePath(a.id)} data-artifact-id=${a.id}>
            <span class="gallery__title">${a.title || 'Untitled artifact'}</span>
            <span class="gallery__meta">
              ${a.kind ? html`<span class="tag">${a.kind}</span>` : nothing}
              <time datetime=${a.updatedAt} title=${formatFullTime(a.updatedAt)}>
                Updated ${formatRelativeTime(a.updatedAt, this.nowMs) || 'at an unknown time'}
              </time>
              <span class="gallery__version" data-testid="latest-version">· ${latestVersionLabel(a.latestVersion)}</span>
              ${a.visibility && a.visibility !== 'private' ? html`<span>· shared with ${a.visibility}</span>` : nothing}
              <span class="gallery__owner" data-testid="gallery-owner">· ${ownerLabel(a, this.meUserId)}</span>
            </span>
          </a>
          <a class="gallery__history" href=${historyPath(a.id)} data-testid="gallery-history">History</a>
        </li>`,
      )}
    </ul>`;
  }

  #renderEmpty(show: GalleryShow): TemplateResult {
    const words: Record<GalleryShow, [string, string]> = {
      all: ['No artifacts yet.', 'When an agent creates one through the API, the SDK or the CLI, it shows up here.'],
      mine: ['You have no artifacts yet.', 'Artifacts your agents create with your identity show up here.'],
      shared: ['Nothing is shared with you yet.', 'When someone in your organization shares an artifact with you, your group or everyone, it shows up here.'],
    };
    const [title, text] = words[show];
    return html`<div class="notice notice--quiet" data-testid="gallery-empty" data-show=${show}>
      <p class="notice__title">${title}</p>
      <p>${text}</p>
    </div>`;
  }

  #renderNoMatch(): TemplateResult {
    const { q, kind } = this.#filters;
    return html`<div class="notice notice--quiet" data-testid="gallery-no-match">
      <p class="notice__title">No artifacts match${q ? html` “${q}”` : nothing}${kind ? html` of kind ${kind}` : nothing}.</p>
      <p>Search looks at titles only.</p>
      <p class="notice__actions">
        <button type="button" class="button button--quiet" @click=${() => this.#apply({ q: '', kind: '' })}>Clear filters</button>
      </p>
    </div>`;
  }

  #renderError(error: ArtifactsError): TemplateResult {
    const title =
      error.status === 401
        ? 'You are not signed in.'
        : error.code === 'feature_disabled'
          ? 'Live Artifacts is turned off for your organization.'
          : error.status === 403
          ? 'You do not have access to the artifact list.'
          : 'The artifact list could not be loaded.';
    return html`<div class="notice notice--error" role="alert" data-testid="gallery-error">
      <p class="notice__title">${title}</p>
      <p>${error.message}</p>
      <p class="notice__actions">
        <button type="button" class="button" @click=${() => void this.#list.run()}>Try again</button>
      </p>
    </div>`;
  }
}

customElements.define('la-gallery', GalleryPage);

declare global {
  interface HTMLElementTagNameMap {
    'la-gallery': GalleryPage;
  }
}
