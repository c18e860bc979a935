import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { api, type VersionInfo } from '../api/index.ts';
import { LoadController, renderFailure, renderLoading, renderTopBar, type Loadable } from '../chrome/index.ts';
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
  };

  declare artifactId: string;
  /** As the URL asks; undefined when it does not say. */
  declare from: DiffSide | undefined;
  declare to: DiffSide | undefined;
  /** The sides the diff shows or is loading. */
  #shown: DiffSides | undefined;
  /** There is no version to compare with (set instead of `#shown`). */
  #nothingToCompare = false;
  /** The version list the sides were last resolved against. */
  #syncedWith: Loadable<VersionInfo[]> | undefined;
  readonly #versions = new LoadController(this, {
    args: () => [this.artifactId],
    load: ([id], signal) => api.versions(id, { signal }),
  });
  /** A change of sides aborts the diff in flight. */
  readonly #diff = new LoadController(this, {
    args: () => (this.#shown ? [this.artifactId, this.#shown] : undefined),
    load: ([id, sides], signal) => {
      document.title = `Compare ${sideLabel(sides.from)} with ${sideLabel(sides.to)} · Live Artifacts`;
      return api.diff(id, sides.from, sides.to, { signal });
    },
  });

  constructor() {
    super();
    this.artifactId = '';
    this.from = undefined;
    this.to = undefined;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = 'Compare · Live Artifacts';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Re-attached, it resolves its sides afresh.
    this.#shown = undefined;
    this.#syncedWith = undefined;
  }

  /** Before the controllers look at their arguments, so a new choice of sides loads in this same update. */
  protected override willUpdate(changed: PropertyValues): void {
    const versions = this.#versions.state;
    if (changed.has('from') || changed.has('to') || versions !== this.#syncedWith) {
      this.#syncedWith = versions;
      this.#sync();
    }
  }

  /** Loads the diff for the sides the URL and the version list call for, if not already shown. */
  #sync(): void {
    const requested = { from: this.from, to: this.to };
    const bothGiven = requested.from !== undefined && requested.to !== undefined;
    // With both sides in the URL there is no need to wait for the list.
    const versions = this.#versions.state;
    if (!bothGiven && versions.phase !== 'loaded') return;
    const numbers = versions.phase === 'loaded' ? versions.value.map((v) => v.version) : [];
    const sides = resolveDiffSides(requested, numbers);
    this.#nothingToCompare = !sides;
    if (!sides) return;
    if (!bothGiven) {
      navigate(diffPath(this.artifactId, sides.from, sides.to), { replace: true });
      return; // the router hands the explicit sides back, which lands here again
    }
    if (this.#shown && this.#shown.from === sides.from && this.#shown.to === sides.to) return;
    this.#shown = sides;
  }

  #choose(which: 'from' | 'to', value: string): void {
    const side = parseSide(value);
    if (side === undefined || !this.#shown) return;
    const next = { ...this.#shown, [which]: side };
    navigate(diffPath(this.artifactId, next.from, next.to));
  }

  protected override render(): TemplateResult {
    return html`${renderTopBar(html`<a class="app-bar__link" href="/">All artifacts</a>`)}
      <main class="page">
        <header class="page__header">
          <a class="back-link" href=${historyPath(this.artifactId)}>← History</a>
          <h1 class="page__title">Compare</h1>
          ${this.#shown
            ? html`<p class="page__lede">What changed from ${sideLabel(this.#shown.from)} to ${sideLabel(this.#shown.to)}.</p>`
            : nothing}
          ${this.#renderPickers()}
        </header>
        ${this.#renderBody()}
      </main>`;
  }

  #renderPickers(): TemplateResult | typeof nothing {
    const sides = this.#shown;
    if (!sides) return nothing;
    const versions = this.#versions.value ?? [];
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
        ? html`<button type="button" class="button button--quiet button--small" data-testid="diff-refresh" @click=${() => void this.#diff.run()}>
            Refresh
          </button>`
        : nothing}
    </div>`;
  }

  #renderBody(): TemplateResult {
    const versions = this.#versions.state;
    if (versions.phase === 'error' && !this.#shown) {
      return renderFailure({
        error: versions.error,
        subject: 'this artifact',
        testid: 'diff-error',
        retry: () => void this.#versions.run(),
        links: [{ href: '/', label: 'All artifacts' }],
      });
    }
    if (this.#nothingToCompare) {
      return html`<div class="notice notice--quiet" data-testid="diff-nothing">
          <p class="notice__title">No versions yet — publish one from the live view.</p>
          <p>A comparison needs at least one version to compare with the live document.</p>
          <p class="notice__actions"><a class="button" href=${livePath(this.artifactId)}>Go to the live view</a></p>
        </div>`;
    }
    const state = this.#diff.state;
    switch (state.phase) {
      case 'loading':
        return renderLoading('Comparing…');
      case 'error':
        return renderFailure({
          error: state.error,
          subject: 'this comparison',
          testid: 'diff-error',
          retry: () => void this.#diff.run(),
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
