import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { loadArtifactAccess, NO_PERMISSIONS, type ArtifactPermissions } from '../access/index.ts';
import { api, type ArtifactsError, type VersionInfo } from '../api/index.ts';
import { asApiError, renderFailure, renderLoading, renderTopBar, track, type Loadable } from '../chrome/index.ts';
import { diffPath, livePath, versionPath } from '../router/index.ts';
import { renderRestoreSummary, renderVersionFacts } from './version-facts.ts';

type RestoreState =
  | { phase: 'idle' }
  | { phase: 'confirm'; version: number }
  | { phase: 'restoring'; version: number }
  | { phase: 'done'; version: number; recordedAs: number; unchanged: boolean; preservedVersion: number | null }
  | { phase: 'error'; version: number; error: ArtifactsError };

/** Re-render relative times ("5 minutes ago") this often so they do not go stale. */
const CLOCK_TICK_MS = 60_000;

/**
 * `/a/:id/history`: every version of an artifact, newest first, each with open, compare and
 * restore. Restoring changes the live document for everyone and records a new version, so
 * "Restore" shows only for those the policies let edit.
 */
export class HistoryPage extends LitElement {
  static override properties = {
    artifactId: { attribute: false },
    versions: { state: true },
    artifactTitle: { state: true },
    restore: { state: true },
    permissions: { state: true },
    nowMs: { state: true },
  };

  declare artifactId: string;
  protected declare versions: Loadable<VersionInfo[]>;
  /** The artifact's title once known; the list does not wait for it. */
  protected declare artifactTitle: string;
  protected declare restore: RestoreState;
  protected declare permissions: Readonly<ArtifactPermissions>;
  protected declare nowMs: number;

  #abort = new AbortController();
  #clock: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.artifactId = '';
    this.versions = { phase: 'loading' };
    this.artifactTitle = '';
    this.restore = { phase: 'idle' };
    this.permissions = NO_PERMISSIONS;
    this.nowMs = Date.now();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = 'History · Live Artifacts';
    this.#abort = new AbortController();
    void this.#load();
    void this.#loadSummary();
    this.#clock = setInterval(() => (this.nowMs = Date.now()), CLOCK_TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort.abort();
    clearInterval(this.#clock);
  }

  async #load(): Promise<void> {
    const signal = this.#abort.signal;
    await track(signal, () => api.versions(this.artifactId, { signal }), (state) => {
      if (state.phase !== 'loading' || this.versions.phase !== 'loaded') this.versions = state;
      this.nowMs = Date.now();
    });
  }

  /** The title and what the user may do, from the artifact's summary row (not its whole document). */
  async #loadSummary(): Promise<void> {
    const signal = this.#abort.signal;
    try {
      const { summary, permissions } = await loadArtifactAccess(this.artifactId, signal);
      if (signal.aborted) return;
      this.artifactTitle = summary.title || 'Untitled artifact';
      this.permissions = permissions;
      document.title = `History · ${this.artifactTitle}`;
    } catch {
      // The heading falls back to "History" and nothing is offered that needs a permission;
      // the list reports access problems itself.
    }
  }

  async #restore(version: number): Promise<void> {
    this.restore = { phase: 'restoring', version };
    try {
      const result = await api.restore(this.artifactId, version, { signal: this.#abort.signal });
      this.restore = { phase: 'done', version, recordedAs: result.version, unchanged: result.unchanged, preservedVersion: result.preservedVersion };
      void this.#load();
    } catch (error: unknown) {
      if (this.#abort.signal.aborted) return;
      this.restore = { phase: 'error', version, error: asApiError(error) };
    }
  }

  protected override render(): TemplateResult {
    return html`${renderTopBar(html`<a class="app-bar__link" href="/">All artifacts</a>`)}
      <div class="page">
        <header class="page__header">
          <a class="back-link" href=${livePath(this.artifactId)} data-testid="back-to-live">← Live document</a>
          <h1 class="page__title">History</h1>
          ${this.artifactTitle ? html`<p class="page__lede">${this.artifactTitle}</p>` : nothing}
        </header>
        ${this.#renderRestoreOutcome()} ${this.#renderBody()}
      </div>`;
  }

  #renderBody(): TemplateResult {
    const state = this.versions;
    switch (state.phase) {
      case 'loading':
        return renderLoading('Loading versions…');
      case 'error':
        return renderFailure({
          error: state.error,
          subject: 'this artifact',
          testid: 'history-error',
          retry: () => void this.#load(),
          links: [{ href: '/', label: 'All artifacts' }],
        });
      case 'loaded':
        return state.value.length === 0 ? this.#renderEmpty() : this.#renderList(state.value);
    }
  }

  #renderEmpty(): TemplateResult {
    return html`<div class="notice notice--quiet" data-testid="history-empty">
      <p class="notice__title">No versions yet — publish one from the live view.</p>
      <p>A version freezes the page as it was at that moment, so you can open, compare, share and restore it later.</p>
      <p class="notice__actions"><a class="button" href=${livePath(this.artifactId)}>Go to the live view</a></p>
    </div>`;
  }

  #renderList(versions: VersionInfo[]): TemplateResult {
    return html`<ol class="version-list" data-testid="version-list">
      ${repeat(
        versions,
        (v) => v.version,
        (v, i) => this.#renderVersion(v, versions[i + 1], i === 0),
      )}
    </ol>`;
  }

  #renderVersion(v: VersionInfo, previous: VersionInfo | undefined, newest: boolean): TemplateResult {
    const id = this.artifactId;
    const busy = this.restore.phase === 'restoring';
    const confirming = (this.restore.phase === 'confirm' || this.restore.phase === 'restoring') && this.restore.version === v.version;
    return html`<li class="version-row" data-testid="version-row" data-version=${v.version}>
      <div class="version-row__main">
        <a class="version-row__number" href=${versionPath(id, v.version)}>v${v.version}</a>
        <div class="version-row__text">
          <div class="version-row__head">
            <p class="version-row__message">${v.message ? v.message : html`<span class="muted">No message</span>`}</p>
            ${v.kind === 'before-restore' ? html`<span class="version-row__kind" data-testid="kept-before-restore" title="The live page as it was when a restore replaced it">kept before a restore</span>` : nothing}
          </div>
          ${renderVersionFacts(v, this.nowMs)}
        </div>
      </div>
      <div class="version-row__actions">
        <a class="button button--quiet button--small" href=${versionPath(id, v.version)} data-testid="open-version">Open</a>
        ${previous
          ? html`<a class="button button--quiet button--small" href=${diffPath(id, previous.version, v.version)} data-testid="compare-previous"
              >Compare with v${previous.version}</a
            >`
          : nothing}
        ${newest
          ? html`<a class="button button--quiet button--small" href=${diffPath(id, v.version, 'live')} data-testid="compare-live"
              >Compare with live</a
            >`
          : nothing}
        ${this.permissions.restore
          ? html`<button
              type="button"
              class="button button--quiet button--small"
              data-testid="restore-version"
              ?disabled=${busy}
              @click=${() => (this.restore = { phase: 'confirm', version: v.version })}
            >
              Restore
            </button>`
          : nothing}
      </div>
      ${confirming ? this.#renderConfirm(v.version) : nothing}
    </li>`;
  }

  #renderConfirm(version: number): TemplateResult {
    const restoring = this.restore.phase === 'restoring';
    return html`<div class="confirm" role="group" aria-label="Confirm restore" data-testid="restore-confirm">
      <p>
        Make the live document equal to version ${version}? Everyone viewing it sees the change. Nothing is lost: changes
        not yet published are first saved as a version of their own, and the restore is recorded as a new version.
      </p>
      <p class="confirm__actions">
        <button type="button" class="button button--danger" data-testid="restore-confirm-button" ?disabled=${restoring} @click=${() => void this.#restore(version)}>
          ${restoring ? 'Restoring…' : `Restore version ${version}`}
        </button>
        <button type="button" class="button button--quiet" ?disabled=${restoring} @click=${() => (this.restore = { phase: 'idle' })}>Cancel</button>
      </p>
    </div>`;
  }

  #renderRestoreOutcome(): TemplateResult | typeof nothing {
    const state = this.restore;
    if (state.phase === 'done') {
      return html`<div class="notice notice--success" role="status" data-testid="restore-result">
        <p class="notice__title">Restored version ${state.version}.</p>
        <p>${renderRestoreSummary(this.artifactId, state.version, state)}</p>
        <p class="notice__actions">
          <a class="button" href=${livePath(this.artifactId)}>Open the live view</a>
          <button type="button" class="button button--quiet" @click=${() => (this.restore = { phase: 'idle' })}>Dismiss</button>
        </p>
      </div>`;
    }
    if (state.phase === 'error') {
      const text = state.error.status === 403 ? 'You may not restore versions of this artifact.' : state.error.message;
      return html`<div class="notice notice--error" role="alert" data-testid="restore-error">
        <p class="notice__title">Version ${state.version} was not restored.</p>
        <p>${text}</p>
        <p class="notice__actions">
          <button type="button" class="button button--quiet" @click=${() => (this.restore = { phase: 'idle' })}>Dismiss</button>
        </p>
      </div>`;
    }
    return nothing;
  }
}

customElements.define('la-history-page', HistoryPage);

declare global {
  interface HTMLElementTagNameMap {
    'la-history-page': HistoryPage;
  }
}
