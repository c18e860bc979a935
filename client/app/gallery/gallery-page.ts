import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { api, ArtifactsError, type ArtifactSummary } from '../api/index.ts';
import { renderTopBar } from '../chrome/index.ts';
import { livePath } from '../router/index.ts';
import { formatFullTime, formatRelativeTime } from './relative-time.ts';

type GalleryState =
  | { phase: 'loading' }
  | { phase: 'error'; error: ArtifactsError }
  | { phase: 'loaded'; artifacts: ArtifactSummary[] };

/** Re-render relative times ("5 minutes ago") this often so they do not go stale. */
const CLOCK_TICK_MS = 60_000;

/** `/`: the artifacts the reader may see, newest first. */
export class GalleryPage extends LitElement {
  static override properties = {
    view: { state: true },
    nowMs: { state: true },
  };

  protected declare view: GalleryState;
  protected declare nowMs: number;

  #abort: AbortController | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.view = { phase: 'loading' };
    this.nowMs = Date.now();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = 'Artifacts · Live Artifacts';
    void this.#load();
    this.#clock = setInterval(() => (this.nowMs = Date.now()), CLOCK_TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
    clearInterval(this.#clock);
  }

  async #load(): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.view = { phase: 'loading' };
    try {
      const artifacts = await api.list({ signal: abort.signal });
      this.nowMs = Date.now();
      this.view = { phase: 'loaded', artifacts };
    } catch (error: unknown) {
      if (abort.signal.aborted) return;
      const apiError =
        error instanceof ArtifactsError ? error : new ArtifactsError('Something went wrong loading the list.', 0, 'unknown', {}, { cause: error });
      this.view = { phase: 'error', error: apiError };
    }
  }

  protected override render(): TemplateResult {
    return html`${renderTopBar()}
      <div class="page">
        <header class="page__header">
          <h1 class="page__title">Artifacts</h1>
          <p class="page__lede">Live pages your agents keep up to date.</p>
        </header>
        ${this.#renderBody()}
      </div>`;
  }

  #renderBody(): TemplateResult {
    switch (this.view.phase) {
      case 'loading':
        return html`<div class="loading" role="status"><span class="spinner" aria-hidden="true"></span><p>Loading…</p></div>`;
      case 'error':
        return this.#renderError(this.view.error);
      case 'loaded':
        return this.view.artifacts.length === 0 ? this.#renderEmpty() : this.#renderList(this.view.artifacts);
    }
  }

  #renderList(artifacts: ArtifactSummary[]): TemplateResult {
    return html`<ul class="gallery" data-testid="gallery">
      ${repeat(
        artifacts,
        (a) => a.id,
        (a) => html`<li>
          <a class="gallery__card" href=${livePath(a.id)} data-artifact-id=${a.id}>
            <span class="gallery__title">${a.title || 'Untitled artifact'}</span>
            <span class="gallery__meta">
              ${a.kind ? html`<span class="tag">${a.kind}</span>` : nothing}
              <time datetime=${a.updatedAt} title=${formatFullTime(a.updatedAt)}>
                Updated ${formatRelativeTime(a.updatedAt, this.nowMs) || 'at an unknown time'}
              </time>
              ${a.visibility && a.visibility !== 'private' ? html`<span>· shared with ${a.visibility}</span>` : nothing}
              ${a.latestVersion ? html`<span>· v${a.latestVersion}</span>` : nothing}
            </span>
          </a>
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

  #renderError(error: ArtifactsError): TemplateResult {
    const title =
      error.status === 401
        ? 'You are not signed in.'
        : error.status === 403
          ? 'You do not have access to the artifact list.'
          : 'The artifact list could not be loaded.';
    return html`<div class="notice notice--error" role="alert" data-testid="gallery-error">
      <p class="notice__title">${title}</p>
      <p>${error.message}</p>
      <p class="notice__actions">
        <button type="button" class="button" @click=${() => void this.#load()}>Try again</button>
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
