import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { WEBHOOK_EVENTS, type Webhook, type WebhookEventType, type WebhookList } from '#shared/api';
import type { ArtifactsError } from '../api/index.ts';
import { asApiError, ConnectedSignal, LoadController, renderFailure } from '../chrome/index.ts';
import { renderDeliveryLog, type Log } from './delivery-log.ts';
import { EVENT_LABELS } from './delivery-text.ts';
import { webhooksApi, type HooksBase } from './webhooks-api.ts';
import './webhooks.css';

/** While a delivery log is open it refreshes this often (deliveries are sent in the background). */
const LOG_REFRESH_MS = 3_000;

type Busy = { phase: 'idle' } | { phase: 'working'; what: string } | { phase: 'error'; error: ArtifactsError };

/**
 * The webhooks of one scope, for the admin page (the org's, with the content setting) and the
 * artifact dialog (one artifact's): list, add (the secret is shown once), send a test event,
 * rotate the secret, delete, and each hook's delivery log, refreshed while it is open.
 */
export class WebhooksPanel extends LitElement {
  static override properties = {
    base: { attribute: false },
    org: { type: Boolean },
    url: { state: true },
    events: { state: true },
    busy: { state: true },
    secret: { state: true },
    log: { state: true },
    confirming: { state: true },
  };

  declare base: HooksBase | undefined;
  /** The org's hooks: shows the org-wide "include content" setting too. */
  declare org: boolean;
  protected declare url: string;
  protected declare events: ReadonlySet<WebhookEventType>;
  protected declare busy: Busy;
  /** The secret of a hook just created or rotated: shown this once. */
  protected declare secret: { hookId: string; value: string } | undefined;
  protected declare log: Log | undefined;
  /** The hook whose Delete was pressed once (the second press deletes). */
  protected declare confirming: string | undefined;

  readonly #connected = new ConnectedSignal(this);
  readonly #hooks = new LoadController(this, {
    args: () => (this.base ? [this.base] : undefined),
    load: ([base], signal) => webhooksApi.list(base, signal),
    keepValue: true,
  });
  #logTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.base = undefined;
    this.org = false;
    this.url = '';
    this.events = new Set<WebhookEventType>(['published', 'restored']);
    this.busy = { phase: 'idle' };
    this.secret = undefined;
    this.log = undefined;
    this.confirming = undefined;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#logTimer);
  }

  async #do<T>(what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    const signal = this.#connected.signal;
    this.busy = { phase: 'working', what };
    try {
      const result = await run(signal);
      this.busy = { phase: 'idle' };
      return result;
    } catch (error: unknown) {
      if (!signal.aborted) this.busy = { phase: 'error', error: asApiError(error) };
      return undefined;
    }
  }

  async #add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const base = this.base;
    if (!base) return;
    const created = await this.#do('Adding…', (signal) => webhooksApi.create(base, { url: this.url.trim(), events: WEBHOOK_EVENTS.filter((e) => this.events.has(e)) }, signal));
    if (!created) return;
    this.secret = { hookId: created.hook.id, value: created.secret };
    this.url = '';
    await this.#hooks.run();
  }

  async #rotate(hook: Webhook): Promise<void> {
    const base = this.base;
    if (!base) return;
    const rotated = await this.#do('Rotating…', (signal) => webhooksApi.rotate(base, hook.id, signal));
    if (rotated) this.secret = { hookId: hook.id, value: rotated.secret };
  }

  async #remove(hook: Webhook): Promise<void> {
    const base = this.base;
    if (!base) return;
    if (this.confirming !== hook.id) {
      this.confirming = hook.id;
      return;
    }
    this.confirming = undefined;
    await this.#do('Deleting…', (signal) => webhooksApi.remove(base, hook.id, signal));
    if (this.log?.hookId === hook.id) this.#closeLog();
    if (this.secret?.hookId === hook.id) this.secret = undefined;
    await this.#hooks.run();
  }

  async #test(hook: Webhook): Promise<void> {
    const base = this.base;
    if (!base) return;
    if ((await this.#do('Sending…', (signal) => webhooksApi.test(base, hook.id, signal))) === undefined) return;
    if (this.log?.hookId !== hook.id) this.log = { hookId: hook.id, deliveries: undefined };
    await this.#refreshLog();
  }

  async #saveContent(includeContent: boolean): Promise<void> {
    await this.#do('Saving…', (signal) => webhooksApi.saveSettings({ includeContent }, signal));
    await this.#hooks.run();
  }

  #toggleLog(hook: Webhook): void {
    if (this.log?.hookId === hook.id) return this.#closeLog();
    this.log = { hookId: hook.id, deliveries: undefined };
    void this.#refreshLog();
  }

  #closeLog(): void {
    clearTimeout(this.#logTimer);
    this.log = undefined;
  }

  async #refreshLog(): Promise<void> {
    clearTimeout(this.#logTimer);
    const log = this.log;
    const base = this.base;
    if (!log || !base) return;
    const signal = this.#connected.signal;
    try {
      const { deliveries } = await webhooksApi.deliveries(base, log.hookId, signal);
      if (this.log?.hookId === log.hookId) this.log = { hookId: log.hookId, deliveries };
    } catch (error: unknown) {
      if (signal.aborted) return;
      if (this.log?.hookId === log.hookId) this.log = { ...log, error: asApiError(error) };
    }
    if (this.log?.hookId === log.hookId) this.#logTimer = setTimeout(() => void this.#refreshLog(), LOG_REFRESH_MS);
  }

  protected override render(): TemplateResult {
    const state = this.#hooks.state;
    return html`<section class="admin-section webhooks" aria-labelledby="webhooks-title" data-testid="webhooks-panel">
      <h2 class="admin-section__title" id="webhooks-title">Webhooks</h2>
      <p class="admin-hint">
        ${this.org ? 'For every artifact of the organization, ' : 'For this artifact, '}an HTTPS POST to each URL when the events you choose happen, signed with the
        hook's secret (header <code>X-Live-Artifacts-Signature</code>). Failed deliveries are retried for about an hour.
      </p>
      ${state.phase === 'loading' ? html`<p class="muted" role="status">Loading webhooks…</p>` : nothing}
      ${state.phase === 'error'
        ? renderFailure({ error: state.error, subject: 'the webhooks', testid: 'webhooks-error', retry: () => void this.#hooks.run() })
        : nothing}
      ${state.phase === 'loaded' ? this.#renderLoaded(state.value) : nothing}
    </section>`;
  }

  #renderLoaded(list: WebhookList): TemplateResult {
    const working = this.busy.phase === 'working';
    return html`${this.org ? this.#renderContentSetting(list.settings.includeContent) : nothing} ${this.#renderSecret()}
      ${list.hooks.length
        ? html`<ul class="webhooks__list" aria-label="Webhooks">
            ${list.hooks.map((hook) => this.#renderHook(hook))}
          </ul>`
        : html`<p class="webhooks__empty" data-testid="webhooks-empty">No webhooks yet. Add one below to let another system know when something happens.</p>`}
      <form class="webhooks__add" data-testid="webhook-add-form" @submit=${(e: SubmitEvent) => void this.#add(e)}>
        <label class="webhooks__label" for="webhook-url">Receiver URL (https)</label>
        <input
          id="webhook-url"
          class="input webhooks__url"
          type="url"
          inputmode="url"
          placeholder="https://hooks.example.com/live-artifacts"
          required
          maxlength="2048"
          data-testid="webhook-url"
          aria-invalid=${this.#urlRefused() ? 'true' : 'false'}
          aria-describedby=${this.#urlRefused() ? 'webhook-add-error' : nothing}
          .value=${this.url}
          ?disabled=${working}
          @input=${(e: Event) => {
            this.url = (e.target as HTMLInputElement).value;
            if (this.#urlRefused()) this.busy = { phase: 'idle' };
          }}
        />
        <fieldset class="webhooks__events" ?disabled=${working}>
          <legend class="webhooks__label">Send on</legend>
          ${WEBHOOK_EVENTS.map(
            (event) => html`<label class="webhooks__event">
              <input
                type="checkbox"
                data-testid=${`webhook-event-${event}`}
                .checked=${this.events.has(event)}
                @change=${(e: Event) => this.#setEvent(event, (e.target as HTMLInputElement).checked)}
              />
              ${EVENT_LABELS[event]}
            </label>`,
          )}
        </fieldset>
        <div class="webhooks__actions">
          <button type="submit" class="button" data-testid="webhook-add" ?disabled=${working || !this.url.trim() || this.events.size === 0}>Add webhook</button>
          ${this.#renderBusy()}
        </div>
      </form>`;
  }

  /** The last save was refused for its URL (the server names the field). */
  #urlRefused(): boolean {
    return this.busy.phase === 'error' && this.busy.error.details['field'] === 'url';
  }

  #setEvent(event: WebhookEventType, on: boolean): void {
    const next = new Set(this.events);
    if (on) next.add(event);
    else next.delete(event);
    this.events = next;
  }

  #renderBusy(): TemplateResult | typeof nothing {
    const busy = this.busy;
    if (busy.phase === 'working') return html`<span class="muted" role="status">${busy.what}</span>`;
    if (busy.phase === 'error') return html`<span class="admin-status admin-status--error" role="alert" id="webhook-add-error" data-testid="webhook-error">${busy.error.message}</span>`;
    return nothing;
  }

  #renderContentSetting(includeContent: boolean): TemplateResult {
    return html`<label class="admin-switch">
      <input type="checkbox" data-testid="webhook-include-content" .checked=${includeContent} @change=${(e: Event) => void this.#saveContent((e.target as HTMLInputElement).checked)} />
      <span>
        <span class="admin-switch__label">Include content</span>
        <span class="admin-hint">Off: receivers get ids, titles, links and who did it. On: also the text of comments and mentions.</span>
      </span>
    </label>`;
  }

  #renderSecret(): TemplateResult | typeof nothing {
    const secret = this.secret;
    if (!secret) return nothing;
    return html`<div class="notice notice--success webhooks__secret" role="status" data-testid="webhook-secret">
      <p class="notice__title">Copy the signing secret now: it is not shown again.</p>
      <p><code class="webhooks__secret-value">${secret.value}</code></p>
      <p class="notice__actions">
        <button type="button" class="button button--quiet" @click=${() => void navigator.clipboard?.writeText(secret.value)}>Copy</button>
        <button type="button" class="button button--quiet" @click=${() => (this.secret = undefined)}>Done</button>
      </p>
    </div>`;
  }

  #renderHook(hook: Webhook): TemplateResult {
    const open = this.log?.hookId === hook.id;
    const working = this.busy.phase === 'working';
    return html`<li class="webhooks__hook" data-testid="webhook-row">
      <div class="webhooks__hook-head">
        <code class="webhooks__hook-url">${hook.url}</code>
        <span class="webhooks__chips">${hook.events.map((e) => html`<span class="webhooks__chip">${EVENT_LABELS[e]}</span>`)}</span>
      </div>
      <div class="webhooks__hook-actions">
        <button type="button" class="button button--quiet" data-testid="webhook-log-toggle" aria-expanded=${open ? 'true' : 'false'} @click=${() => this.#toggleLog(hook)}>
          ${open ? 'Hide deliveries' : 'Deliveries'}
        </button>
        <button type="button" class="button button--quiet" data-testid="webhook-test" ?disabled=${working} @click=${() => void this.#test(hook)}>Send test</button>
        <button type="button" class="button button--quiet" data-testid="webhook-rotate" ?disabled=${working} @click=${() => void this.#rotate(hook)}>Rotate secret</button>
        <button type="button" class="button button--quiet webhooks__delete" data-testid="webhook-delete" ?disabled=${working} @click=${() => void this.#remove(hook)}>
          ${this.confirming === hook.id ? 'Really delete?' : 'Delete'}
        </button>
      </div>
      ${open ? renderDeliveryLog(this.log) : nothing}
    </li>`;
  }
}

customElements.define('la-webhooks-panel', WebhooksPanel);

declare global {
  interface HTMLElementTagNameMap {
    'la-webhooks-panel': WebhooksPanel;
  }
}
