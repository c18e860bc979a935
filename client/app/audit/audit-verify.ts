import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ChainVerification } from '#shared/api';
import { LoadController } from '../chrome/index.ts';
import { formatFullTime } from '../format/index.ts';
import { compliance } from './compliance-client.ts';

const REASONS: Record<Extract<ChainVerification, { intact: false }>['reason'], string> = {
  hash_mismatch: 'its content no longer matches its hash (the row was altered).',
  prev_hash_mismatch: 'it does not link to the event before it.',
  seq_gap: 'events are missing before it.',
  head_mismatch: 'the newest events are missing.',
};

/**
 * "Verify chain" on the /audit page: recomputes every event's hash and link on the server and
 * says whether the trail is intact, or where and why it breaks. Nothing runs until asked; each
 * click is a new check (its number is the load's argument).
 */
export class ChainVerify implements ReactiveController {
  #runs = 0;
  readonly #host: ReactiveControllerHost;
  readonly #check: LoadController<[number], ChainVerification>;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    this.#check = new LoadController(host, {
      args: () => (this.#runs > 0 ? [this.#runs] : undefined),
      load: (_run, signal) => compliance.verify(signal),
    });
    host.addController(this);
  }

  /** A check cut short by leaving is not resumed on return: the button is offered again. */
  hostDisconnected(): void {
    this.#runs = 0;
  }

  start(): void {
    this.#runs += 1;
    this.#host.requestUpdate();
  }

  render(): TemplateResult {
    // Before the first click the load has not started: nothing to report.
    const state = this.#runs > 0 ? this.#check.state : undefined;
    const running = state?.phase === 'loading';
    return html`<div class="audit-verify">
      <button type="button" class="button" data-testid="verify-button" ?disabled=${running} @click=${() => this.start()}>
        ${running ? 'Verifying…' : 'Verify chain'}
      </button>
      <span class="muted audit-verify__hint">Recomputes every event's hash and link from the first one.</span>
      ${state?.phase === 'loaded' ? renderResult(state.value) : nothing}
      ${state?.phase === 'error'
        ? html`<p class="audit-verify__result audit-verify__result--broken" role="alert" data-testid="verify-result">${state.error.message}</p>`
        : nothing}
    </div>`;
  }
}

function renderResult(result: ChainVerification): TemplateResult {
  if (result.intact) {
    return html`<p class="audit-verify__result audit-verify__result--ok" role="status" data-testid="verify-result" data-intact="true">
      Intact: all ${result.events} events verified.
    </p>`;
  }
  const { brokenAt, reason, events } = result;
  return html`<p class="audit-verify__result audit-verify__result--broken" role="alert" data-testid="verify-result" data-intact="false">
    Broken at event #${brokenAt.seq}${brokenAt.action ? html` (${brokenAt.action}${brokenAt.at ? html`, ${formatFullTime(brokenAt.at)}` : nothing})` : nothing}:
    ${REASONS[reason]} ${events} earlier events verify.
  </p>`;
}
