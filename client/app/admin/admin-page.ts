import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { canManagePolicy, MAX_KEEP_VERSIONS, MAX_RETENTION_DAYS, type PolicyFieldError } from '#policies';
import { currentUser, orgName, principalOf } from '../access/index.ts';
import { ArtifactsError } from '../api/index.ts';
import { asApiError, ConnectedSignal, LoadController, renderFailure, renderLoading, renderTopBar } from '../chrome/index.ts';
import { adminApi, type StoredPolicy } from './admin-api.ts';
import { errorsByField, formOf, isChanged, policyOf, type PolicyForm } from './policy-form.ts';
import { RetentionRun } from './retention-run.ts';
import '../webhooks/index.ts';
import './admin.css';

type SaveState = { phase: 'idle' } | { phase: 'saving' } | { phase: 'saved'; at: string } | { phase: 'error'; error: ArtifactsError };

/**
 * `/admin`: the org's policy for its org-admins: the feature switch, who may share org-wide,
 * retention days for private and shared artifacts ("keep forever" = none), keep-last-N
 * versions, and "Run retention now". The form is checked with the validator the server runs,
 * so errors show under their control before anything is sent; the server's answer wins.
 */
export class AdminPage extends LitElement {
  static override properties = {
    form: { state: true },
    errors: { state: true },
    save: { state: true },
    orgLabel: { state: true },
  };

  protected declare form: PolicyForm | undefined;
  /** Field → message, from the last check (local or the server's). */
  protected declare errors: Map<string, string>;
  protected declare save: SaveState;
  protected declare orgLabel: string;

  readonly #connected = new ConnectedSignal(this);
  /** The stored policy; org members who are not admins are refused here, without asking (the server refuses too). */
  readonly #stored = new LoadController(this, {
    args: () => [],
    load: async (_args, signal): Promise<StoredPolicy> => {
      const me = await currentUser().catch(() => undefined);
      if (me) this.orgLabel = orgName(me.orgId);
      if (me && !canManagePolicy(principalOf(me))) throw new ArtifactsError('only org admins manage the policy', 403, 'forbidden');
      return adminApi.policy(signal);
    },
    loaded: (stored) => (this.form = formOf(stored.policy)),
  });
  readonly #retention = new RetentionRun(this, () => this.#connected.signal);

  constructor() {
    super();
    this.form = undefined;
    this.errors = new Map();
    this.save = { phase: 'idle' };
    this.orgLabel = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = 'Admin · Live Artifacts';
  }

  #change(patch: Partial<PolicyForm>): void {
    if (!this.form) return;
    this.form = { ...this.form, ...patch };
    const checked = policyOf(this.form);
    this.errors = 'errors' in checked ? errorsByField(checked.errors) : new Map();
    if (this.save.phase !== 'saving') this.save = { phase: 'idle' };
  }

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.form) return;
    const checked = policyOf(this.form);
    if ('errors' in checked) {
      this.errors = errorsByField(checked.errors);
      this.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.save = { phase: 'saving' };
    const signal = this.#connected.signal;
    try {
      const saved = await adminApi.savePolicy(checked.policy, signal);
      this.#stored.set(saved);
      this.form = formOf(saved.policy);
      this.errors = new Map();
      this.save = { phase: 'saved', at: saved.updatedAt ?? new Date().toISOString() };
    } catch (error: unknown) {
      if (signal.aborted) return;
      const apiError = asApiError(error);
      const fieldErrors = apiError.details['errors'];
      if (Array.isArray(fieldErrors)) this.errors = errorsByField(fieldErrors as PolicyFieldError[]);
      this.save = { phase: 'error', error: apiError };
    }
  }

  protected override render(): TemplateResult {
    return html`${renderTopBar(html`<a class="app-bar__link" href="/">All artifacts</a>`)}
      <main class="page admin">
        <header class="page__header">
          <h1 class="page__title">Organization policy</h1>
          <p class="page__lede">
            ${this.orgLabel ? html`How Live Artifacts works for everyone in <strong>${this.orgLabel}</strong>.` : 'How Live Artifacts works for your organization.'}
          </p>
        </header>
        ${this.#renderBody()}
      </main>`;
  }

  #renderBody(): TemplateResult {
    const state = this.#stored.state;
    switch (state.phase) {
      case 'loading':
        return renderLoading('Loading the policy…');
      case 'error':
        if (state.error.status === 403) {
          return html`<div class="notice notice--error" role="alert" data-testid="admin-forbidden">
            <p class="notice__title">Only your organization's admins can see and change its policy.</p>
            <p class="notice__actions"><a class="button button--quiet" href="/">All artifacts</a></p>
          </div>`;
        }
        return renderFailure({ error: state.error, subject: 'the policy', testid: 'admin-error', retry: () => void this.#stored.run(), links: [{ href: '/', label: 'All artifacts' }] });
      case 'loaded':
        return html`${this.#renderForm(state.value)} ${this.#retention.render()}
          <la-webhooks-panel .base=${'/api/admin/webhooks'} org></la-webhooks-panel>`;
    }
  }

  #renderForm(stored: StoredPolicy): TemplateResult | typeof nothing {
    const form = this.form;
    if (!form) return nothing;
    const saving = this.save.phase === 'saving';
    const changed = isChanged(form, stored.policy);
    return html`<form class="admin-form" data-testid="policy-form" novalidate @submit=${(e: SubmitEvent) => void this.#save(e)}>
      <fieldset class="admin-section" ?disabled=${saving}>
        <legend class="admin-section__title">Live Artifacts</legend>
        <label class="admin-switch">
          <input type="checkbox" data-testid="policy-enabled" .checked=${form.enabled} @change=${(e: Event) => this.#change({ enabled: checked(e) })} />
          <span>
            <span class="admin-switch__label">On for this organization</span>
            <span class="admin-hint">Off: nobody in the organization can create, edit or open artifacts, and open pages close. Nothing is deleted.</span>
          </span>
        </label>
      </fieldset>

      <fieldset class="admin-section" ?disabled=${saving}>
        <legend class="admin-section__title">Who may share with the whole organization</legend>
        ${(['everyone', 'admins'] as const).map(
          (value) => html`<label class="admin-choice">
            <input
              type="radio"
              name="org-wide-sharing"
              value=${value}
              data-testid=${`policy-sharing-${value}`}
              .checked=${form.orgWideSharing === value}
              @change=${() => this.#change({ orgWideSharing: value })}
            />
            <span>
              <span class="admin-switch__label">${value === 'everyone' ? 'Every author' : 'Admins only'}</span>
              <span class="admin-hint">${value === 'everyone'
                ? 'Authors may share their artifacts with everyone in the organization.'
                : 'Authors may still share with chosen people and groups. Artifacts already shared with everyone stay so.'}</span>
            </span>
          </label>`,
        )}
      </fieldset>

      <fieldset class="admin-section" ?disabled=${saving}>
        <legend class="admin-section__title">Comments</legend>
        <label class="admin-switch">
          <input type="checkbox" data-testid="policy-comments" .checked=${form.comments} @change=${(e: Event) => this.#change({ comments: checked(e) })} />
          <span>
            <span class="admin-switch__label">People who can read an artifact may comment on it</span>
            <span class="admin-hint">Off: nobody starts or answers a comment thread; existing comments are kept.</span>
          </span>
        </label>
      </fieldset>

      <fieldset class="admin-section" ?disabled=${saving}>
        <legend class="admin-section__title">Retention</legend>
        <p class="admin-hint">An artifact not edited for this many days is deleted for good: live document, history, versions. Artifacts on legal hold are kept.</p>
        ${this.#renderCount('retentionDays.private', 'Private artifacts', 'days', form.privateForever, form.privateDays, MAX_RETENTION_DAYS, 'Keep forever', 'private', (forever, text) =>
          this.#change({ privateForever: forever, privateDays: text }),
        )}
        ${this.#renderCount('retentionDays.shared', 'Shared artifacts', 'days', form.sharedForever, form.sharedDays, MAX_RETENTION_DAYS, 'Keep forever', 'shared', (forever, text) =>
          this.#change({ sharedForever: forever, sharedDays: text }),
        )}
      </fieldset>

      <fieldset class="admin-section" ?disabled=${saving}>
        <legend class="admin-section__title">Versions</legend>
        ${this.#renderCount('keepVersions', 'Keep the newest', 'versions of each artifact', form.allVersions, form.keepVersions, MAX_KEEP_VERSIONS, 'Keep all versions', 'versions', (all, text) =>
          this.#change({ allVersions: all, keepVersions: text }),
        )}
        <p class="admin-hint">When a pinned version is deleted, readers see the live document again.</p>
      </fieldset>

      <div class="admin-actions">
        <button type="submit" class="button" data-testid="policy-save" ?disabled=${saving || !changed}>${saving ? 'Saving…' : 'Save policy'}</button>
        ${this.#renderSaveStatus(stored, changed)}
      </div>
    </form>`;
  }

  #renderCount(
    field: string,
    label: string,
    unit: string,
    forever: boolean,
    text: string,
    max: number,
    foreverLabel: string,
    testid: string,
    set: (forever: boolean, text: string) => void,
  ): TemplateResult {
    const error = forever ? undefined : this.errors.get(field);
    const id = `policy-${testid}`;
    return html`<div class="admin-count">
      <label class="admin-count__forever">
        <input type="checkbox" data-testid=${`${id}-forever`} .checked=${forever} @change=${(e: Event) => set(checked(e), text)} />
        ${foreverLabel}
      </label>
      <div class="admin-count__row" ?hidden=${forever}>
        <label for=${id}>${label}</label>
        <input
          id=${id}
          class="input admin-count__input"
          type="number"
          inputmode="numeric"
          min="1"
          max=${max}
          step="1"
          data-testid=${id}
          .value=${text}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${error ? `${id}-error` : nothing}
          @input=${(e: Event) => set(false, (e.target as HTMLInputElement).value)}
        />
        <span class="muted">${unit}</span>
      </div>
      ${error ? html`<p class="admin-error" id=${`${id}-error`} data-testid=${`${id}-error`}>${error}</p>` : nothing}
    </div>`;
  }

  #renderSaveStatus(stored: StoredPolicy, changed: boolean): TemplateResult {
    const state = this.save;
    if (state.phase === 'saved' && !changed) return html`<span class="admin-status admin-status--ok" role="status" data-testid="policy-saved">Saved.</span>`;
    if (state.phase === 'error') {
      return html`<span class="admin-status admin-status--error" role="alert" data-testid="policy-save-error"
        >${state.error.code === 'invalid_policy' ? 'Fix the fields marked above.' : `Not saved: ${state.error.message}`}</span
      >`;
    }
    if (changed) return html`<span class="admin-status muted" data-testid="policy-unsaved">Unsaved changes.</span>`;
    return html`<span class="admin-status muted">${stored.updatedAt ? `Last changed ${new Date(stored.updatedAt).toLocaleString()} by ${stored.updatedBy}.` : 'The default policy: nothing changed yet.'}</span>`;
  }
}

function checked(event: Event): boolean {
  return (event.target as HTMLInputElement).checked;
}

customElements.define('la-admin-page', AdminPage);

declare global {
  interface HTMLElementTagNameMap {
    'la-admin-page': AdminPage;
  }
}
