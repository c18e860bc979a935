import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { api, type ArtifactsError, type ArtifactSummary } from '../api/index.ts';
import { LoadController, renderLoading, renderTopBar } from '../chrome/index.ts';
import { formatFullTime, formatRelativeTime } from '../format/index.ts';
import { galleryPath, historyPath, livePath, navigate } from '../router/index.ts';
import { kindOptions, latestVersionLabel, SEARCH_DEBOUNCE_MS } from './gallery-filters.ts';

/** Re-render relative times ("5 minutes ago") this often so they do not go stale. */
const CLOCK_TICK_MS = 60_000;

/**
 * `/`: the artifacts the reader may see, newest first, searchable by title and filterable by
 * kind. The server does the filtering; the filters live in the URL (`/?q=…&kind=…`) so a
 * filtered list can be linked to and survives a reload.
 */
export class GalleryPage extends LitElement {
  static override properties = {
    q: { attribute: false },
    kind: { attribute: false },
    nowMs: { state: true },
  };

  /** Filters as the URL gives them. */
  declare q: string;
  declare kind: string;
  protected declare nowMs: number;

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
  #clock: ReturnType<typeof setInterval> | undefined;
  #debounce: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.q = '';
    this.kind = '';
    this.nowMs = Date.now();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = 'Artifacts · Live Artifacts';
    this.#clock = setInterval(() => (this.nowMs = Date.now()), CLOCK_TICK_MS);
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
    navigate(galleryPath(filters), { replace: true });
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
      ${this.#searching ? html`<span class="spinner" role="status" aria-label="Searching"></span>` : nothing}
    </form>`;
  }

  #renderBody(): TemplateResult {
    const state = this.#list.state;
    switch (state.phase) {
      case 'loading':
        return renderLoading('Loading…');
      case 'error':
        return this.#renderError(state.error);
      case 'loaded':
        if (state.value.length > 0) return this.#renderList(state.value);
        return this.#filters.q || this.#filters.kind ? this.#renderNoMatch() : this.#renderEmpty();
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
            </span>
          </a>
          <a class="gallery__history" href=${historyPath(a.id)} data-testid="gallery-history">History</a>
        </li>`,
      )}
    </ul>`;
  }

  #renderEmpty(): TemplateResult {
    return html`<div class="notice notice--quiet" data-testid="gallery-empty">
      <p class="notice__title">No artifacts yet.</p>
      <p>When an agent creates one through the API, the SDK or the CLI, it shows up here.</p>
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
