import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { loadArtifactAccess, NO_PERMISSIONS, type ArtifactPermissions } from '../access/index.ts';
import { api, type VersionInfo } from '../api/index.ts';
import { LoadController, renderFailure, renderLoading, renderTopBar } from '../chrome/index.ts';
import { diffPath, livePath, versionPath } from '../router/index.ts';
import { RestoreController } from './restore-control.ts';
import { renderVersionFacts } from './version-facts.ts';

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
    nowMs: { state: true },
  };

  declare artifactId: string;
  protected declare nowMs: number;

  /** A reload (after a restore) keeps the list on screen instead of flashing "loading". */
  readonly #versions = new LoadController(this, {
    args: () => [this.artifactId],
    load: ([id], signal) => api.versions(id, { signal }),
    keepValue: true,
    loaded: () => (this.nowMs = Date.now()),
  });
  /**
   * The title and what the user may do, from the artifact's summary row (not its whole document).
   * On failure the heading stays "History" and nothing is offered that needs a permission; the
   * list reports access problems itself.
   */
  readonly #access = new LoadController(this, {
    args: () => [this.artifactId],
    load: ([id], signal) => loadArtifactAccess(id, signal),
    loaded: ({ summary }) => (document.title = `History · ${titleOf(summary.title)}`),
  });
  readonly #restore = new RestoreController(this, { artifactId: () => this.artifactId, restored: () => void this.#versions.run() });
  #clock: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.artifactId = '';
    this.nowMs = Date.now();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = 'History · Live Artifacts';
    this.#clock = setInterval(() => (this.nowMs = Date.now()), CLOCK_TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
  }

  get #permissions(): Readonly<ArtifactPermissions> {
    return this.#access.value?.permissions ?? NO_PERMISSIONS;
  }

  protected override render(): TemplateResult {
    const summary = this.#access.value?.summary;
    return html`${renderTopBar(html`<a class="app-bar__link" href="/">All artifacts</a>`)}
      <main class="page">
        <header class="page__header">
          <a class="back-link" href=${livePath(this.artifactId)} data-testid="back-to-live">← Live document</a>
          <h1 class="page__title">History</h1>
          ${summary ? html`<p class="page__lede">${titleOf(summary.title)}</p>` : nothing}
        </header>
        ${this.#restore.renderOutcome()} ${this.#renderBody()}
      </main>`;
  }

  #renderBody(): TemplateResult {
    const state = this.#versions.state;
    switch (state.phase) {
      case 'loading':
        return renderLoading('Loading versions…');
      case 'error':
        return renderFailure({
          error: state.error,
          subject: 'this artifact',
          testid: 'history-error',
          retry: () => void this.#versions.run(),
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
        ${this.#permissions.restore ? this.#restore.renderButton(v.version, true) : nothing}
      </div>
      ${this.#restore.renderConfirm(v.version)}
    </li>`;
  }
}

function titleOf(title: string): string {
  return title || 'Untitled artifact';
}

customElements.define('la-history-page', HistoryPage);

declare global {
  interface HTMLElementTagNameMap {
    'la-history-page': HistoryPage;
  }
}
