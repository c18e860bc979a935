import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { api, type ArtifactDiff, type VersionInfo } from '../api/index.ts';
import { renderFailure, renderLoading, renderTopBar, track, type Loadable } from '../chrome/index.ts';
import { sideLabel } from '../format/index.ts';
import { diffPath, historyPath, livePath, navigate, parseSide, versionPath, type DiffSide } from '../router/index.ts';
import { resolveDiffSides, type DiffSides } from './diff-sides.ts';
import { renderArtifactDiff } from './render-diff.ts';

/**
 * `/a/:id/diff?from=a&to=b`: what changed between two versions, or a version and the live
 * document. Sides missing from the URL are chosen (see resolveDiffSides) and written back into
 * it, so the address bar always holds a link to exactly what is shown.
 */
export class DiffPage extends LitElement {
  static override properties = {
    artifactId: { attribute: false },
    from: { attribute: false },
    to: { attribute: false },
    versions: { state: true },
    diff: { state: true },
  };

  declare artifactId: string;
  /** As the URL asks; undefined when it does not say. */
  declare from: DiffSide | undefined;
  declare to: DiffSide | undefined;
  protected declare versions: Loadable<VersionInfo[]>;
  protected declare diff: Loadable<ArtifactDiff> | { phase: 'nothing-to-compare' };

  #abort = new AbortController();
  /** Aborts the diff request in flight when the sides change again. */
  #diffAbort: AbortController | undefined;
  /** The sides `diff` shows or is loading. */
  #shown: DiffSides | undefined;

  constructor() {
    super();
    this.artifactId = '';
    this.from = undefined;
    this.to = undefined;
    this.versions = { phase: 'loading' };
    this.diff = { phase: 'loading' };
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = 'Compare · Live Artifacts';
    this.#abort = new AbortController();
    void this.#loadVersions();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort.abort();
    this.#diffAbort?.abort();
    this.#shown = undefined;
  }

  async #loadVersions(): Promise<void> {
    const signal = this.#abort.signal;
    await track(signal, () => api.versions(this.artifactId, { signal }), (state) => (this.versions = state));
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('from') || changed.has('to') || changed.has('versions')) this.#sync();
  }

  /** Loads the diff for the sides the URL and the version list call for, if not already shown. */
  #sync(): void {
    const requested = { from: this.from, to: this.to };
    const bothGiven = requested.from !== undefined && requested.to !== undefined;
    // With both sides in the URL there is no need to wait for the list.
    if (!bothGiven && this.versions.phase !== 'loaded') return;
    const numbers = this.versions.phase === 'loaded' ? this.versions.value.map((v) => v.version) : [];
    const sides = resolveDiffSides(requested, numbers);
    if (!sides) {
      this.diff = { phase: 'nothing-to-compare' };
      return;
    }
    if (!bothGiven) {
      navigate(diffPath(this.artifactId, sides.from, sides.to), { replace: true });
      return; // the router hands the explicit sides back, which lands here again
    }
    if (this.#shown && this.#shown.from === sides.from && this.#shown.to === sides.to) return;
    void this.#loadDiff(sides);
  }

  async #loadDiff(sides: DiffSides): Promise<void> {
    this.#diffAbort?.abort();
    const abort = new AbortController();
    this.#diffAbort = abort;
    this.#shown = sides;
    document.title = `Compare ${sideLabel(sides.from)} with ${sideLabel(sides.to)} · Live Artifacts`;
    await track(abort.signal, () => api.diff(this.artifactId, sides.from, sides.to, { signal: abort.signal }), (state) => (this.diff = state));
  }

  #choose(which: 'from' | 'to', value: string): void {
    const side = parseSide(value);
    if (side === undefined || !this.#shown) return;
    const next = { ...this.#shown, [which]: side };
    navigate(diffPath(this.artifactId, next.from, next.to));
  }

  protected override render(): TemplateResult {
    return html`${renderTopBar(html`<a class="app-bar__link" href="/">All artifacts</a>`)}
      <div class="page">
        <header class="page__header">
          <a class="back-link" href=${historyPath(this.artifactId)}>← History</a>
          <h1 class="page__title">Compare</h1>
          ${this.#shown
            ? html`<p class="page__lede">What changed from ${sideLabel(this.#shown.from)} to ${sideLabel(this.#shown.to)}.</p>`
            : nothing}
          ${this.#renderPickers()}
        </header>
        ${this.#renderBody()}
      </div>`;
  }

  #renderPickers(): TemplateResult | typeof nothing {
    const sides = this.#shown;
    if (!sides) return nothing;
    const versions = this.versions.phase === 'loaded' ? this.versions.value : [];
    const values = new Set<DiffSide>(['live', ...versions.map((v) => v.version), sides.from, sides.to]);
    const ordered = [...values].sort((a, b) => (a === 'live' ? -1 : b === 'live' ? 1 : b - a));
    const picker = (which: 'from' | 'to', label: string) => html`<label class="diff-picker">
      <span class="toolbar__label">${label}</span>
      <select
        class="select"
        data-testid=${`diff-${which}`}
        .value=${live(String(sides[which]))}
        @change=${(e: Event) => this.#choose(which, (e.target as HTMLSelectElement).value)}
      >
        ${ordered.map(
          (side) => html`<option value=${String(side)} ?selected=${side === sides[which]}>${optionLabel(side, versions)}</option>`,
        )}
      </select>
      ${typeof sides[which] === 'number'
        ? html`<a class="diff-picker__open" href=${versionPath(this.artifactId, sides[which] as number)}>Open</a>`
        : html`<a class="diff-picker__open" href=${livePath(this.artifactId)}>Open</a>`}
    </label>`;
    return html`<div class="diff-pickers" data-testid="diff-pickers">
      ${picker('from', 'From')}
      <button
        type="button"
        class="button button--quiet button--small diff-pickers__swap"
        data-testid="diff-swap"
        title="Swap the two sides"
        @click=${() => navigate(diffPath(this.artifactId, sides.to, sides.from))}
      >
        ⇄ Swap
      </button>
      ${picker('to', 'To')}
      ${sides.from === 'live' || sides.to === 'live'
        ? html`<button type="button" class="button button--quiet button--small" data-testid="diff-refresh" @click=${() => void this.#loadDiff(sides)}>
            Refresh
          </button>`
        : nothing}
    </div>`;
  }

  #renderBody(): TemplateResult {
    if (this.versions.phase === 'error' && !this.#shown) {
      return renderFailure({
        error: this.versions.error,
        subject: 'this artifact',
        testid: 'diff-error',
        retry: () => void this.#loadVersions(),
        links: [{ href: '/', label: 'All artifacts' }],
      });
    }
    const state = this.diff;
    switch (state.phase) {
      case 'nothing-to-compare':
        return html`<div class="notice notice--quiet" data-testid="diff-nothing">
          <p class="notice__title">No versions yet — publish one from the live view.</p>
          <p>A comparison needs at least one version to compare with the live document.</p>
          <p class="notice__actions"><a class="button" href=${livePath(this.artifactId)}>Go to the live view</a></p>
        </div>`;
      case 'loading':
        return renderLoading('Comparing…');
      case 'error':
        return renderFailure({
          error: state.error,
          subject: 'this comparison',
          testid: 'diff-error',
          retry: () => this.#shown && void this.#loadDiff(this.#shown),
          links: [
            { href: historyPath(this.artifactId), label: 'All versions' },
            { href: livePath(this.artifactId), label: 'Live document' },
          ],
        });
      case 'loaded':
        return html`<div class="diff" data-testid="diff">${renderArtifactDiff(state.value)}</div>`;
    }
  }
}

function optionLabel(side: DiffSide, versions: readonly VersionInfo[]): string {
  if (side === 'live') return 'Live document';
  const message = versions.find((v) => v.version === side)?.message?.trim();
  return message ? `Version ${side} · ${message.length > 40 ? `${message.slice(0, 39)}…` : message}` : `Version ${side}`;
}

customElements.define('la-diff-page', DiffPage);

declare global {
  interface HTMLElementTagNameMap {
    'la-diff-page': DiffPage;
  }
}
