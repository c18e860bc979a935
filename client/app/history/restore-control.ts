import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { api, type ArtifactsError } from '../api/index.ts';
import { asApiError } from '../chrome/index.ts';
import { livePath, versionPath } from '../router/index.ts';

/** Where a restore stands; `version` is the one being (or that was) restored. */
export type RestoreState =
  | { phase: 'idle' }
  | { phase: 'confirm'; version: number }
  | { phase: 'restoring'; version: number }
  | { phase: 'done'; version: number; recordedAs: number; unchanged: boolean; preservedVersion: number | null }
  | { phase: 'error'; version: number; error: ArtifactsError };

export interface RestoreOptions {
  artifactId: () => string;
  /** After a restore went through (e.g. to reload a version list, which gained an entry). */
  restored?: () => void;
}

/**
 * "Restore" of a version, on the history page (one per row) and the version page alike: the
 * button, the confirmation that says what happens to the live document, and the outcome. Its
 * three pieces render where each page wants them. Restoring changes the live document for
 * everyone, so the pages offer the button only to those the policies let restore.
 */
export class RestoreController implements ReactiveController {
  state: RestoreState = { phase: 'idle' };

  readonly #host: ReactiveControllerHost;
  readonly #options: RestoreOptions;
  #abort = new AbortController();

  constructor(host: ReactiveControllerHost, options: RestoreOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#abort.abort();
  }

  #set(state: RestoreState): void {
    this.state = state;
    this.#host.requestUpdate();
  }

  async restore(version: number): Promise<void> {
    const abort = new AbortController();
    this.#abort = abort;
    this.#set({ phase: 'restoring', version });
    try {
      const result = await api.restore(this.#options.artifactId(), version, { signal: abort.signal });
      this.#set({ phase: 'done', version, recordedAs: result.version, unchanged: result.unchanged, preservedVersion: result.preservedVersion });
      this.#options.restored?.();
    } catch (error: unknown) {
      if (abort.signal.aborted) return;
      this.#set({ phase: 'error', version, error: asApiError(error) });
    }
  }

  /** The "Restore" button for `version`; `small` in a list row. */
  renderButton(version: number, small = false): TemplateResult {
    return html`<button
      type="button"
      class="button button--quiet ${small ? 'button--small' : ''}"
      data-testid="restore-version"
      ?disabled=${this.state.phase === 'restoring'}
      @click=${() => this.#set({ phase: 'confirm', version })}
    >
      Restore
    </button>`;
  }

  /** The confirmation, while `version` is being confirmed or restored. */
  renderConfirm(version: number): TemplateResult | typeof nothing {
    const state = this.state;
    if ((state.phase !== 'confirm' && state.phase !== 'restoring') || state.version !== version) return nothing;
    const restoring = state.phase === 'restoring';
    return html`<div class="confirm" role="group" aria-label="Confirm restore" data-testid="restore-confirm">
      <p>
        Make the live document equal to version ${version}? Everyone viewing it sees the change. Nothing is lost: changes
        not yet published are first saved as a version of their own, and the restore is recorded as a new version.
      </p>
      <p class="confirm__actions">
        <button type="button" class="button button--danger" data-testid="restore-confirm-button" ?disabled=${restoring} @click=${() => void this.restore(version)}>
          ${restoring ? 'Restoring…' : `Restore version ${version}`}
        </button>
        <button type="button" class="button button--quiet" ?disabled=${restoring} @click=${() => this.#set({ phase: 'idle' })}>Cancel</button>
      </p>
    </div>`;
  }

  /** What the last restore did, or why it failed; nothing before one. */
  renderOutcome(): TemplateResult | typeof nothing {
    const state = this.state;
    const artifactId = this.#options.artifactId();
    const dismiss = html`<button type="button" class="button button--quiet" @click=${() => this.#set({ phase: 'idle' })}>Dismiss</button>`;
    if (state.phase === 'done') {
      return html`<div class="notice notice--success" role="status" data-testid="restore-result">
        <p class="notice__title">Restored version ${state.version}.</p>
        <p>${renderRestoreSummary(artifactId, state.version, state)}</p>
        <p class="notice__actions">
          <a class="button" href=${livePath(artifactId)}>Open the live view</a>
          ${dismiss}
        </p>
      </div>`;
    }
    if (state.phase === 'error') {
      const text = state.error.status === 403 ? 'You may not restore versions of this artifact.' : state.error.message;
      return html`<div class="notice notice--error" role="alert" data-testid="restore-error">
        <p class="notice__title">Version ${state.version} was not restored.</p>
        <p>${text}</p>
        <p class="notice__actions">${dismiss}</p>
      </div>`;
    }
    return nothing;
  }
}

/** What a restore did, in a sentence or two, with each version it names linked. */
export function renderRestoreSummary(
  artifactId: string,
  version: number,
  result: { recordedAs: number; unchanged: boolean; preservedVersion: number | null },
): TemplateResult {
  const link = (n: number) => html`<a class="nowrap" href=${versionPath(artifactId, n)}>version ${n}</a>`;
  const saved = result.preservedVersion === null ? nothing : html` The changes that were not published yet were saved first, as ${link(result.preservedVersion)}.`;
  if (result.unchanged) {
    return html`The live document already equalled <span class="nowrap">version ${version}</span> (that is ${link(result.recordedAs)}); nothing new was recorded.${saved}`;
  }
  return html`The live document now equals <span class="nowrap">version ${version}</span>; this was recorded as ${link(result.recordedAs)}.${saved}`;
}
