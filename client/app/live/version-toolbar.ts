import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { NO_PERMISSIONS, type ArtifactPermissions } from '../access/index.ts';
import { api, type ArtifactsError, type ArtifactSummary, type ViewSetting } from '../api/index.ts';
import { asApiError, ConnectedSignal, LoadController } from '../chrome/index.ts';
import { diffPath, historyPath, versionPath } from '../router/index.ts';
import '../share/index.ts';
import '../webhooks/index.ts';
import { parseViewValue, viewOptions, viewValue } from './view-setting.ts';

type PublishState =
  | { phase: 'closed' }
  | { phase: 'form'; error?: ArtifactsError }
  | { phase: 'publishing' }
  | { phase: 'done'; version: number; unchanged: boolean };

/** Matches the server's limit, so the browser stops the typing instead of the server failing it. */
const MAX_MESSAGE_CHARS = 2_000;

/**
 * The versions bar above a live artifact: publish a version (with an optional message), go to
 * the history, and choose what viewers see (the live document or a pinned version). When the
 * artifact is pinned it also shows a banner saying so, since the author is looking at the live
 * document that viewers are not.
 *
 * Shows only what the user may do (`permissions`, from the same policies the server enforces):
 * a reader gets the history link and a quiet "read only" note, nothing that would be refused.
 */
export class VersionToolbar extends LitElement {
  static override properties = {
    artifactId: { attribute: false },
    summary: { attribute: false },
    permissions: { attribute: false },
    publish: { state: true },
    savingView: { state: true },
    viewError: { state: true },
  };

  declare artifactId: string;
  /** The artifact's row (owner, org, visibility); undefined until loaded. */
  declare summary: ArtifactSummary | undefined;
  declare permissions: Readonly<ArtifactPermissions>;
  protected declare publish: PublishState;
  protected declare savingView: boolean;
  protected declare viewError: ArtifactsError | undefined;

  readonly #connected = new ConnectedSignal(this);
  /** A refresh after publishing keeps the old list on screen instead of flashing "loading". */
  readonly #versions = new LoadController(this, {
    args: () => [this.artifactId],
    load: ([id], signal) => api.versions(id, { signal }),
    keepValue: true,
  });
  /** What viewers see: the live document or a pinned version. */
  readonly #view = new LoadController(this, {
    args: () => [this.artifactId],
    load: async ([id], signal) => (await api.settings(id, { signal })).view,
  });

  constructor() {
    super();
    this.artifactId = '';
    this.summary = undefined;
    this.permissions = NO_PERMISSIONS;
    this.publish = { phase: 'closed' };
    this.savingView = false;
    this.viewError = undefined;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  async #publish(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const message = new FormData(form).get('message');
    const text = typeof message === 'string' ? message.trim() : '';
    this.publish = { phase: 'publishing' };
    const signal = this.#connected.signal;
    try {
      const result = await api.publish(this.artifactId, text ? { message: text } : {}, { signal });
      this.publish = { phase: 'done', version: result.version, unchanged: result.unchanged };
      void this.#versions.run();
    } catch (error: unknown) {
      if (signal.aborted) return;
      this.publish = { phase: 'form', error: asApiError(error) }; // the same form, message still typed in
    }
  }

  async #changeView(setting: ViewSetting | undefined): Promise<void> {
    const before = this.#view.value;
    if (!setting || !before) return;
    this.savingView = true;
    this.viewError = undefined;
    this.#view.set(setting); // optimistic; put back on failure
    const signal = this.#connected.signal;
    try {
      const saved = await api.updateSettings(this.artifactId, { view: setting }, { signal });
      this.#view.set(saved.view);
    } catch (error: unknown) {
      if (signal.aborted) return;
      this.#view.set(before);
      this.viewError = asApiError(error);
    } finally {
      this.savingView = false;
    }
  }

  protected override render(): TemplateResult {
    const may = this.permissions;
    return html`<div class="toolbar" data-testid="version-toolbar">
        <div class="toolbar__row">
          <div class="toolbar__actions">
            ${may.publish
              ? html`<button
                  type="button"
                  class="button"
                  data-testid="publish-open"
                  aria-expanded=${this.publish.phase === 'form' || this.publish.phase === 'publishing' ? 'true' : 'false'}
                  ?disabled=${this.publish.phase === 'publishing'}
                  @click=${() => this.#openPublish()}
                >
                  Publish version
                </button>`
              : nothing}
            <a class="button button--quiet" href=${historyPath(this.artifactId)} data-testid="history-link">History</a>
            ${may.share && this.summary
              ? html`<la-share-control .artifactId=${this.artifactId} .orgId=${this.summary.orgId} .ownerId=${this.summary.owner}></la-share-control>`
              : nothing}
            ${may.share ? html`<la-webhooks-control .artifactId=${this.artifactId}></la-webhooks-control>` : nothing}
          </div>
          ${may.pin ? this.#renderViewControl() : this.#renderReadOnlyNote()}
        </div>
        ${may.publish ? this.#renderPublish() : nothing} ${this.#renderViewError()}
      </div>
      ${this.#renderPinnedBanner()}`;
  }

  /** For someone who may only read: say so calmly, and whose page it is. */
  #renderReadOnlyNote(): TemplateResult | typeof nothing {
    const summary = this.summary;
    const may = this.permissions;
    if (!summary || may.publish || may.pin || may.share) return nothing;
    return html`<p class="toolbar__note" data-testid="read-only-note">
      <span class="toolbar__note-badge">Read only</span>
      ${summary.ownerName ? html`<span>Shared by ${summary.ownerName}</span>` : nothing}
    </p>`;
  }

  async #openPublish(): Promise<void> {
    this.publish = { phase: 'form' };
    await this.updateComplete;
    this.querySelector<HTMLInputElement>('#publish-message')?.focus();
  }

  #renderPublish(): TemplateResult | typeof nothing {
    const state = this.publish;
    switch (state.phase) {
      case 'closed':
        return nothing;
      case 'form':
      case 'publishing':
        return html`<form class="toolbar__form" data-testid="publish-form" @submit=${(e: SubmitEvent) => void this.#publish(e)}>
          <label class="toolbar__label" for="publish-message">Message <span class="muted">(optional)</span></label>
          <div class="toolbar__inline">
            <input
              id="publish-message"
              name="message"
              class="input"
              type="text"
              maxlength=${MAX_MESSAGE_CHARS}
              autocomplete="off"
              placeholder="What this version is, e.g. Root cause found"
              ?disabled=${state.phase === 'publishing'}
              @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.publish = { phase: 'closed' })}
            />
            <button type="submit" class="button" data-testid="publish-submit" ?disabled=${state.phase === 'publishing'}>
              ${state.phase === 'publishing' ? 'Publishing…' : 'Publish'}
            </button>
            <button
              type="button"
              class="button button--quiet"
              ?disabled=${state.phase === 'publishing'}
              @click=${() => (this.publish = { phase: 'closed' })}
            >
              Cancel
            </button>
          </div>
          <p class="toolbar__hint">Freezes the page as it is now into a version that never changes. The live page keeps updating.</p>
          ${state.phase === 'form' && state.error
            ? html`<p class="toolbar__error" role="alert" data-testid="publish-error">${publishErrorText(state.error)}</p>`
            : nothing}
        </form>`;
      case 'done':
        return html`<p class="toolbar__result" role="status" data-testid="publish-result">
          ${state.unchanged
            ? html`<span>Nothing changed since <a href=${versionPath(this.artifactId, state.version)} data-testid="published-version-link">version ${state.version}</a>; no new version was made.</span>`
            : html`<span>Published <a href=${versionPath(this.artifactId, state.version)} data-testid="published-version-link">version ${state.version}</a>.</span>`}
          ${state.version > 1 && !state.unchanged
            ? html`<a href=${diffPath(this.artifactId, state.version - 1, state.version)}>Compare with version ${state.version - 1}</a>`
            : nothing}
          <button type="button" class="link-button" @click=${() => (this.publish = { phase: 'closed' })}>Dismiss</button>
        </p>`;
    }
  }

  #renderViewControl(): TemplateResult {
    const view = this.#view.state;
    const versions = this.#versions.value ?? [];
    const current = view.phase === 'loaded' ? view.value : undefined;
    const options = viewOptions(versions, current);
    const disabled = view.phase !== 'loaded' || this.savingView || (options.length === 1 && current?.mode === 'live');
    const hint =
      view.phase === 'error'
        ? 'Could not load this setting.'
        : this.#versions.state.phase === 'loaded' && versions.length === 0
          ? 'Publish a version to pin it.'
          : '';
    return html`<div class="toolbar__view">
      <label class="toolbar__label" for="view-select">What viewers see</label>
      <select
        id="view-select"
        class="select"
        data-testid="view-select"
        ?disabled=${disabled}
        .value=${live(current ? viewValue(current) : 'live')}
        @change=${(e: Event) => void this.#changeView(parseViewValue((e.target as HTMLSelectElement).value))}
      >
        ${options.map(
          (o) => html`<option value=${o.value} ?selected=${current !== undefined && o.value === viewValue(current)}>${o.label}</option>`,
        )}
      </select>
      ${hint ? html`<span class="toolbar__hint">${hint}</span>` : nothing}
    </div>`;
  }

  #renderViewError(): TemplateResult | typeof nothing {
    if (!this.viewError) return nothing;
    const text =
      this.viewError.status === 403
        ? 'You may not change what viewers see.'
        : `What viewers see was not changed: ${this.viewError.message}`;
    return html`<p class="toolbar__error" role="alert" data-testid="view-error">${text}</p>`;
  }

  #renderPinnedBanner(): TemplateResult | typeof nothing {
    const view = this.#view.value;
    if (view?.mode !== 'pinned') return nothing;
    const { version } = view;
    return html`<div class="banner" role="note" data-testid="pinned-banner">
      <span class="banner__text">
        Viewers see <a href=${versionPath(this.artifactId, version)}>version ${version}</a>, not this live document.
      </span>
      <span class="banner__actions">
        <a href=${diffPath(this.artifactId, version, 'live')}>What changed since</a>
        ${this.permissions.pin ? this.#renderUnpin() : nothing}
      </span>
    </div>`;
  }

  #renderUnpin(): TemplateResult {
    return html`<button type="button" class="link-button" ?disabled=${this.savingView} @click=${() => void this.#changeView({ mode: 'live' })}>
      Show them the live document
    </button>`;
  }
}

function publishErrorText(error: ArtifactsError): string {
  if (error.code === 'snapshot_too_large') {
    return 'This page is too large to freeze (the file would exceed 16 MiB). Make images smaller or remove some, then try again.';
  }
  if (error.status === 403) return 'You may not publish versions of this artifact.';
  return `Not published: ${error.message}`;
}

customElements.define('la-version-toolbar', VersionToolbar);

declare global {
  interface HTMLElementTagNameMap {
    'la-version-toolbar': VersionToolbar;
  }
}
