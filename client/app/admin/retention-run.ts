import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ArtifactsError } from '../api/index.ts';
import { asApiError } from '../chrome/index.ts';
import { adminApi, type SweepReport } from './admin-api.ts';

type RunState = { phase: 'idle' } | { phase: 'running' } | { phase: 'done'; report: SweepReport } | { phase: 'error'; error: ArtifactsError };

/**
 * "Run retention now" on the /admin page: one sweep on request, and what it deleted. Retention
 * also runs every hour on its own; this is for applying a policy just saved.
 */
export class RetentionRun {
  #state: RunState = { phase: 'idle' };
  readonly #host: ReactiveControllerHost;
  readonly #signal: () => AbortSignal;

  /** `signal`: aborted once the page is gone. */
  constructor(host: ReactiveControllerHost, signal: () => AbortSignal) {
    this.#host = host;
    this.#signal = signal;
  }

  #set(state: RunState): void {
    this.#state = state;
    this.#host.requestUpdate();
  }

  async #run(): Promise<void> {
    const signal = this.#signal();
    this.#set({ phase: 'running' });
    try {
      this.#set({ phase: 'done', report: await adminApi.runRetention(signal) });
    } catch (error: unknown) {
      if (!signal.aborted) this.#set({ phase: 'error', error: asApiError(error) });
    }
  }

  render(): TemplateResult {
    const state = this.#state;
    return html`<section class="admin-section admin-run" aria-labelledby="run-title">
      <h2 class="admin-section__title" id="run-title">Run retention now</h2>
      <p class="admin-hint">Retention runs every hour on its own. Run it now to apply a policy you just saved.</p>
      <p>
        <button type="button" class="button button--quiet" data-testid="retention-run" ?disabled=${state.phase === 'running'} @click=${() => void this.#run()}>
          ${state.phase === 'running' ? 'Running…' : 'Run retention now'}
        </button>
      </p>
      ${state.phase === 'done'
        ? html`<div class="notice notice--success" role="status" data-testid="retention-result">
            <p class="notice__title">
              Deleted ${plural(state.report.deleted.artifacts, 'artifact')} and ${plural(state.report.deleted.versions, 'older version')}.
            </p>
            <p>
              Took ${state.report.durationMs} ms.${state.report.unpinned.length
                ? ` ${plural(state.report.unpinned.length, 'artifact')} lost the version readers were pinned to and now show the live document.`
                : ''}
            </p>
          </div>`
        : nothing}
      ${state.phase === 'error'
        ? html`<div class="notice notice--error" role="alert" data-testid="retention-error"><p>${state.error.message}</p></div>`
        : nothing}
    </section>`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
