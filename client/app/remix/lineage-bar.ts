import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { api, type Lineage } from '../api/index.ts';
import { asApiError, ConnectedSignal, LoadController } from '../chrome/index.ts';
import { livePath, navigate } from '../router/index.ts';
import { afterSourceTitle, remixLine, sourceHref, sourceVersionText } from './lineage-text.ts';

type RemixState = { phase: 'idle' } | { phase: 'remixing' } | { phase: 'error'; text: string };

/**
 * Remix lineage under an artifact's toolbar (live page and version page): "Remixed from <title>
 * version 3" on a copy, the copies of it the reader may read on a source, and a "Remix" button
 * for whoever may create (copies the live document, or `version` on a version page, then opens
 * the copy). Renders nothing when there is nothing to say and no button to offer.
 */
export class LineageBar extends LitElement {
  static override properties = {
    artifactId: { attribute: false },
    version: { attribute: false },
    canRemix: { attribute: false },
    remixState: { state: true },
  };

  declare artifactId: string;
  /** The version shown (version page), or null for the live page. */
  declare version: number | null;
  declare canRemix: boolean;
  protected declare remixState: RemixState;

  readonly #connected = new ConnectedSignal(this);
  readonly #lineage = new LoadController(this, {
    args: () => [this.artifactId],
    load: ([id], signal) => api.lineage(id, { signal }),
  });

  constructor() {
    super();
    this.artifactId = '';
    this.version = null;
    this.canRemix = false;
    this.remixState = { phase: 'idle' };
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  async #remix(): Promise<void> {
    if (this.remixState.phase === 'remixing') return;
    this.remixState = { phase: 'remixing' };
    const signal = this.#connected.signal;
    try {
      const copy = await api.remix(this.artifactId, this.version === null ? {} : { version: this.version }, { signal });
      navigate(livePath(copy.id));
    } catch (error: unknown) {
      if (signal.aborted) return;
      const failure = asApiError(error);
      this.remixState = { phase: 'error', text: failure.status === 0 ? 'Cannot reach the server. No copy was made; try again.' : `No copy was made: ${failure.message}` };
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    const state = this.#lineage.state;
    const lineage = state.phase === 'loaded' ? state.value : undefined;
    const hasLineage = !!lineage && (lineage.remixedFrom !== null || lineage.remixes.length > 0);
    if (!hasLineage && !this.canRemix && state.phase !== 'error') return nothing;
    return html`<section class="lineage" aria-label="Remixes" data-testid="lineage">
      <div class="lineage__text">
        ${lineage ? this.#renderLineage(lineage) : nothing}
        ${state.phase === 'error' ? html`<p class="lineage__line muted" data-testid="lineage-error">Could not load where this artifact was remixed from or to.</p>` : nothing}
      </div>
      ${this.canRemix
        ? html`<div class="lineage__action">
            <button
              type="button"
              class="button button--quiet"
              data-testid="remix-button"
              title=${this.version === null ? 'Copy the live page into a private artifact of your own' : `Copy version ${this.version} into a private artifact of your own`}
              ?disabled=${this.remixState.phase === 'remixing'}
              @click=${() => void this.#remix()}
            >
              ${this.remixState.phase === 'remixing' ? 'Remixing…' : this.version === null ? 'Remix' : `Remix version ${this.version}`}
            </button>
            ${this.remixState.phase === 'error' ? html`<p class="lineage__error" role="alert" data-testid="remix-error">${this.remixState.text}</p>` : nothing}
          </div>`
        : nothing}
    </section>`;
  }

  #renderLineage(lineage: Lineage): TemplateResult {
    const source = lineage.remixedFrom;
    return html`${source
        ? html`<p class="lineage__line" data-testid="lineage-source">
            <span class="lineage__icon" aria-hidden="true">↳</span>
            Remixed from
            ${source.title === null
              ? html`an artifact you cannot open, ${sourceVersionText(source.version)}`
              : html`<a href=${sourceHref(source)} data-testid="lineage-source-link">${source.title || 'Untitled artifact'}</a> ${afterSourceTitle(source.version)}`}
          </p>`
        : nothing}
      ${lineage.remixes.length
        ? html`<details class="lineage__remixes" data-testid="lineage-remixes">
            <summary>${lineage.remixes.length === 1 ? '1 remix' : `${lineage.remixes.length} remixes`}</summary>
            <ul>
              ${lineage.remixes.map((r) => html`<li><a href=${livePath(r.id)}>${r.title || 'Untitled artifact'}</a> <span class="muted">${remixLine(r)}</span></li>`)}
            </ul>
          </details>`
        : nothing}`;
  }
}

customElements.define('la-lineage-bar', LineageBar);

declare global {
  interface HTMLElementTagNameMap {
    'la-lineage-bar': LineageBar;
  }
}
