import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { loadArtifactAccess, NO_PERMISSIONS, type ArtifactPermissions } from '../access/index.ts';
import { api, type ArtifactsError } from '../api/index.ts';
import { asApiError, ConnectedSignal, LoadController, renderFailure, renderLoading, renderTopBar } from '../chrome/index.ts';
import { RestoreController, renderVersionFacts } from '../history/index.ts';
import { diffPath, historyPath, livePath } from '../router/index.ts';
import '../remix/index.ts';

/**
 * `/a/:id/v/:n`: one frozen version. The page itself is the self-contained HTML served from
 * the separate user-content origin through a short-lived signed link, in a frame that may not
 * run scripts or touch this origin (`sandbox` without any allowance). Because the frame cannot
 * report its height, it is tall and scrolls on its own.
 */
export class VersionPage extends LitElement {
  static override properties = {
    artifactId: { attribute: false },
    version: { attribute: false },
    download: { state: true },
    nowMs: { state: true },
  };

  declare artifactId: string;
  declare version: number;
  protected declare download: { phase: 'idle' | 'downloading' } | { phase: 'error'; error: ArtifactsError };
  protected declare nowMs: number;

  readonly #connected = new ConnectedSignal(this);
  readonly #versions = new LoadController(this, {
    args: () => [this.artifactId],
    load: ([id], signal) => api.versions(id, { signal }),
    loaded: () => (this.nowMs = Date.now()),
  });
  /** The short-lived signed address of the frozen page on the user-content origin. */
  readonly #link = new LoadController(this, {
    args: () => [this.artifactId, this.version],
    load: ([id, version], signal) => api.versionLink(id, version, { signal }),
  });
  /** "Restore" shows only for those the policies let edit; on failure nothing is offered (the page reports access problems itself). */
  readonly #access = new LoadController(this, {
    args: () => [this.artifactId],
    load: ([id], signal) => loadArtifactAccess(id, signal),
  });
  readonly #restore = new RestoreController(this, { artifactId: () => this.artifactId });

  constructor() {
    super();
    this.artifactId = '';
    this.version = 0;
    this.download = { phase: 'idle' };
    this.nowMs = Date.now();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = `Version ${this.version} · Live Artifacts`;
    window.addEventListener('pageshow', this.#onPageShow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pageshow', this.#onPageShow);
  }

  /** Back to a page kept in the browser's cache: its signed link has likely expired. */
  #onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) void this.#link.run();
  };

  /**
   * Saves the HTML file. Fetched through the API client rather than followed as a plain link,
   * so it carries the access token like every other call.
   */
  async #download(event: Event): Promise<void> {
    event.preventDefault();
    this.download = { phase: 'downloading' };
    const signal = this.#connected.signal;
    try {
      const text = await api.versionHtml(this.artifactId, this.version, { signal });
      const url = URL.createObjectURL(new Blob([text], { type: 'text/html' }));
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = `${this.artifactId}-v${this.version}.html`;
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
      this.download = { phase: 'idle' };
    } catch (error: unknown) {
      if (!signal.aborted) this.download = { phase: 'error', error: asApiError(error) };
    }
  }

  get #permissions(): Readonly<ArtifactPermissions> {
    return this.#access.value?.permissions ?? NO_PERMISSIONS;
  }

  protected override render(): TemplateResult {
    return html`${renderTopBar(html`<a class="app-bar__link" href="/">All artifacts</a>`)}
      <main class="page">
        <header class="page__header">
          <a class="back-link" href=${historyPath(this.artifactId)}>← History</a>
          <h1 class="page__title">Version ${this.version}</h1>
          ${this.#renderInfo()}
          <div class="page__actions">
            <a class="button button--quiet" href=${livePath(this.artifactId)} data-testid="back-to-live">Back to live</a>
            <a class="button button--quiet" href=${historyPath(this.artifactId)} data-testid="history-link">History</a>
            <a class="button button--quiet" href=${diffPath(this.artifactId, this.version, 'live')}>Compare with live</a>
            <a
              class="button button--quiet"
              href=${`/api/artifacts/${encodeURIComponent(this.artifactId)}/versions/${this.version}/html`}
              download=${`${this.artifactId}-v${this.version}.html`}
              data-testid="download-html"
              aria-busy=${this.download.phase === 'downloading' ? 'true' : 'false'}
              @click=${(e: Event) => void this.#download(e)}
              >${this.download.phase === 'downloading' ? 'Downloading…' : 'Download HTML'}</a
            >
            ${this.#permissions.restore ? this.#restore.renderButton(this.version) : nothing}
          </div>
          ${this.download.phase === 'error'
            ? html`<p class="toolbar__error" role="alert">The file could not be downloaded: ${this.download.error.message}</p>`
            : nothing}
          ${this.#restore.renderConfirm(this.version)} ${this.#restore.renderOutcome()}
          <la-lineage-bar .artifactId=${this.artifactId} .version=${this.version} .canRemix=${this.#permissions.remix}></la-lineage-bar>
        </header>
        ${this.#renderFrame()}
      </main>`;
  }

  #renderInfo(): TemplateResult | typeof nothing {
    const versions = this.#versions.value;
    if (!versions) return nothing; // the frame below reports access problems
    const info = versions.find((v) => v.version === this.version);
    if (!info) return nothing;
    return html`<div class="version-info" data-testid="version-info">
      ${info.message ? html`<p class="version-info__message">${info.message}</p>` : nothing} ${renderVersionFacts(info, this.nowMs)}
    </div>`;
  }

  #renderFrame(): TemplateResult {
    const state = this.#link.state;
    switch (state.phase) {
      case 'loading':
        return renderLoading('Loading the frozen page…');
      case 'error':
        return renderFailure({
          error: state.error,
          subject: `version ${this.version} of this artifact`,
          testid: 'version-error',
          retry: () => void this.#link.run(),
          links: [
            { href: historyPath(this.artifactId), label: 'All versions' },
            { href: livePath(this.artifactId), label: 'Live document' },
          ],
        });
      case 'loaded':
        // No allow-scripts, no allow-same-origin: the frozen page can neither run code nor reach this origin.
        return html`<iframe
          class="version-frame"
          data-testid="version-frame"
          sandbox=""
          referrerpolicy="no-referrer"
          title=${`Version ${this.version}, as frozen`}
          src=${state.value.url}
        ></iframe>`;
    }
  }
}

customElements.define('la-version-page', VersionPage);

declare global {
  interface HTMLElementTagNameMap {
    'la-version-page': VersionPage;
  }
}
