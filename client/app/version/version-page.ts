import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { loadArtifactAccess, NO_PERMISSIONS, type ArtifactPermissions } from '../access/index.ts';
import { api, type ArtifactsError, type VersionInfo, type VersionLink } from '../api/index.ts';
import { asApiError, renderFailure, renderLoading, renderTopBar, track, type Loadable } from '../chrome/index.ts';
import { renderRestoreSummary, renderVersionFacts } from '../history/index.ts';
import { diffPath, historyPath, livePath } from '../router/index.ts';

type RestoreState =
  | { phase: 'idle' }
  | { phase: 'confirm' }
  | { phase: 'restoring' }
  | { phase: 'done'; recordedAs: number; unchanged: boolean; preservedVersion: number | null }
  | { phase: 'error'; error: ArtifactsError };

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
    versions: { state: true },
    link: { state: true },
    restore: { state: true },
    permissions: { state: true },
    download: { state: true },
    nowMs: { state: true },
  };

  declare artifactId: string;
  declare version: number;
  protected declare versions: Loadable<VersionInfo[]>;
  protected declare link: Loadable<VersionLink>;
  protected declare restore: RestoreState;
  /** "Restore" shows only for those the policies let edit. */
  protected declare permissions: Readonly<ArtifactPermissions>;
  protected declare download: { phase: 'idle' | 'downloading' } | { phase: 'error'; error: ArtifactsError };
  protected declare nowMs: number;

  #abort = new AbortController();

  constructor() {
    super();
    this.artifactId = '';
    this.version = 0;
    this.versions = { phase: 'loading' };
    this.link = { phase: 'loading' };
    this.restore = { phase: 'idle' };
    this.permissions = NO_PERMISSIONS;
    this.download = { phase: 'idle' };
    this.nowMs = Date.now();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = `Version ${this.version} · Live Artifacts`;
    this.#abort = new AbortController();
    void this.#loadVersions();
    void this.#loadLink();
    void this.#loadPermissions();
    window.addEventListener('pageshow', this.#onPageShow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort.abort();
    window.removeEventListener('pageshow', this.#onPageShow);
  }

  /** Back to a page kept in the browser's cache: its signed link has likely expired. */
  #onPageShow = (event: PageTransitionEvent): void => {
    if (event.persisted) void this.#loadLink();
  };

  async #loadVersions(): Promise<void> {
    const signal = this.#abort.signal;
    await track(signal, () => api.versions(this.artifactId, { signal }), (state) => {
      this.versions = state;
      this.nowMs = Date.now();
    });
  }

  async #loadPermissions(): Promise<void> {
    const signal = this.#abort.signal;
    try {
      const { permissions } = await loadArtifactAccess(this.artifactId, signal);
      if (!signal.aborted) this.permissions = permissions;
    } catch {
      // Offer nothing that needs a permission; the page reports access problems itself.
    }
  }

  async #loadLink(): Promise<void> {
    const signal = this.#abort.signal;
    await track(signal, () => api.versionLink(this.artifactId, this.version, { signal }), (state) => (this.link = state));
  }

  async #restore(): Promise<void> {
    this.restore = { phase: 'restoring' };
    try {
      const result = await api.restore(this.artifactId, this.version, { signal: this.#abort.signal });
      this.restore = { phase: 'done', recordedAs: result.version, unchanged: result.unchanged, preservedVersion: result.preservedVersion };
    } catch (error: unknown) {
      if (!this.#abort.signal.aborted) this.restore = { phase: 'error', error: asApiError(error) };
    }
  }

  /**
   * Saves the HTML file. Fetched through the API client rather than followed as a plain link,
   * so it carries the access token like every other call.
   */
  async #download(event: Event): Promise<void> {
    event.preventDefault();
    this.download = { phase: 'downloading' };
    try {
      const text = await api.versionHtml(this.artifactId, this.version, { signal: this.#abort.signal });
      const url = URL.createObjectURL(new Blob([text], { type: 'text/html' }));
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = `${this.artifactId}-v${this.version}.html`;
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
      this.download = { phase: 'idle' };
    } catch (error: unknown) {
      if (!this.#abort.signal.aborted) this.download = { phase: 'error', error: asApiError(error) };
    }
  }

  protected override render(): TemplateResult {
    return html`${renderTopBar(html`<a class="app-bar__link" href="/">All artifacts</a>`)}
      <div class="page">
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
            ${this.permissions.restore
              ? html`<button
                  type="button"
                  class="button button--quiet"
                  data-testid="restore-version"
                  ?disabled=${this.restore.phase === 'restoring'}
                  @click=${() => (this.restore = { phase: 'confirm' })}
                >
                  Restore
                </button>`
              : nothing}
          </div>
          ${this.download.phase === 'error'
            ? html`<p class="toolbar__error" role="alert">The file could not be downloaded: ${this.download.error.message}</p>`
            : nothing}
          ${this.#renderRestore()}
        </header>
        ${this.#renderFrame()}
      </div>`;
  }

  #renderInfo(): TemplateResult | typeof nothing {
    const state = this.versions;
    if (state.phase !== 'loaded') return nothing; // the frame below reports access problems
    const info = state.value.find((v) => v.version === this.version);
    if (!info) return nothing;
    return html`<div class="version-info" data-testid="version-info">
      ${info.message ? html`<p class="version-info__message">${info.message}</p>` : nothing} ${renderVersionFacts(info, this.nowMs)}
    </div>`;
  }

  #renderRestore(): TemplateResult | typeof nothing {
    const state = this.restore;
    switch (state.phase) {
      case 'idle':
        return nothing;
      case 'confirm':
      case 'restoring':
        return html`<div class="confirm" role="group" aria-label="Confirm restore" data-testid="restore-confirm">
          <p>
            Make the live document equal to version ${this.version}? Everyone viewing it sees the change. Changes not yet
            published are first saved as a version of their own, and the restore is recorded as a new version, so nothing
            is lost.
          </p>
          <p class="confirm__actions">
            <button
              type="button"
              class="button button--danger"
              data-testid="restore-confirm-button"
              ?disabled=${state.phase === 'restoring'}
              @click=${() => void this.#restore()}
            >
              ${state.phase === 'restoring' ? 'Restoring…' : `Restore version ${this.version}`}
            </button>
            <button
              type="button"
              class="button button--quiet"
              ?disabled=${state.phase === 'restoring'}
              @click=${() => (this.restore = { phase: 'idle' })}
            >
              Cancel
            </button>
          </p>
        </div>`;
      case 'done':
        return html`<div class="notice notice--success" role="status" data-testid="restore-result">
          <p class="notice__title">Restored.</p>
          <p>${renderRestoreSummary(this.artifactId, this.version, state)}</p>
          <p class="notice__actions"><a class="button" href=${livePath(this.artifactId)}>Open the live view</a></p>
        </div>`;
      case 'error':
        return html`<div class="notice notice--error" role="alert" data-testid="restore-error">
          <p class="notice__title">Version ${this.version} was not restored.</p>
          <p>${state.error.status === 403 ? 'You may not restore versions of this artifact.' : state.error.message}</p>
          <p class="notice__actions">
            <button type="button" class="button button--quiet" @click=${() => (this.restore = { phase: 'idle' })}>Dismiss</button>
          </p>
        </div>`;
    }
  }

  #renderFrame(): TemplateResult {
    const state = this.link;
    switch (state.phase) {
      case 'loading':
        return renderLoading('Loading the frozen page…');
      case 'error':
        return renderFailure({
          error: state.error,
          subject: `version ${this.version} of this artifact`,
          testid: 'version-error',
          retry: () => void this.#loadLink(),
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
