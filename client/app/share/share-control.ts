import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { decide } from '#policies';
import { currentUser, orgName, policyOf, principalOf } from '../access/index.ts';
import { api, type Sharing } from '../api/index.ts';
import { asApiError, ConnectedSignal, LoadController, renderFailure } from '../chrome/index.ts';
import { renderSharePicker } from './share-picker.ts';
import { formOf, isChanged, savedSentence, shareErrorText, sharingRequest, visibilityLabel, type ShareForm } from './sharing-form.ts';

type SaveState = { phase: 'idle' } | { phase: 'saving' } | { phase: 'saved'; text: string } | { phase: 'error'; text: string };

/** Wait this long after the last keystroke before asking the directory. */
const SEARCH_DEBOUNCE_MS = 250;

const VISIBILITY_CHOICES: { value: ShareForm['visibility']; title: (org: string) => string; hint: (org: string) => string }[] = [
  { value: 'private', title: () => 'Private', hint: () => 'Only you.' },
  { value: 'org', title: (org) => `Everyone in ${org}`, hint: (org) => `Anyone in ${org} can open it and find it in their list.` },
  { value: 'restricted', title: () => 'Specific people and groups', hint: (org) => `Only the people and groups of ${org} you pick.` },
];

/**
 * "Share" in the live view's toolbar, for the owner: the current visibility in short words,
 * and a modal dialog to make the artifact private, shared with the whole org, or with people
 * and groups of the org (from `/api/directory`). Artifacts are never public and never cross
 * orgs, so nobody else can be picked. Dispatches `sharing-changed` (detail: Sharing) on save.
 */
export class ShareControl extends LitElement {
  static override properties = {
    artifactId: { attribute: false },
    orgId: { attribute: false },
    ownerId: { attribute: false },
    form: { state: true },
    save: { state: true },
    orgWideAllowed: { state: true },
  };

  /** False when the org's policy lets only admins share with the whole org (and this user is not one). */
  protected declare orgWideAllowed: boolean;

  declare artifactId: string;
  /** The artifact's org: the only one whose people and groups can be picked. */
  declare orgId: string;
  /** Left out of the people to pick: the owner always sees their artifact. */
  declare ownerId: string;
  protected declare form: ShareForm | undefined;
  protected declare save: SaveState;

  readonly #connected = new ConnectedSignal(this);
  readonly #sharing = new LoadController(this, {
    args: () => [this.artifactId],
    load: ([id], signal) => api.sharing(id, { signal }),
    loaded: (sharing) => (this.form = formOf(sharing)),
  });
  /** The directory search while the dialog is open: its text, and which opening of the dialog asked. */
  #query: readonly [string, number] | undefined;
  #opened = 0;
  /** A new search keeps the old results on screen until its answer arrives. */
  readonly #directory = new LoadController(this, {
    args: () => this.#query,
    load: ([q], signal) => api.directory(q || undefined, { signal }),
    keepValue: true,
    loaded: (found) => {
      for (const p of found.people) this.#names.set(p.userId, p.name);
    },
  });
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Names of people seen in any directory answer, so ticked people keep their name while a search hides them. */
  readonly #names = new Map<string, string>();

  constructor() {
    super();
    this.artifactId = '';
    this.orgId = '';
    this.ownerId = '';
    this.form = undefined;
    this.save = { phase: 'idle' };
    this.orgWideAllowed = true;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    currentUser().then(
      // Sharing org-wide an artifact that is not yet (one that is keeps the choice: see the render).
      (me) => (this.orgWideAllowed = decide(principalOf(me), { share: 'org' }, { ownerId: this.ownerId, orgId: this.orgId, visibility: 'private' }, policyOf(me)).allow),
      () => undefined, // the server still refuses what the policy forbids
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#searchTimer);
  }

  /** Asks the directory for `q`: at once when empty, else once the typing pauses. */
  #searchDirectory(q: string): void {
    clearTimeout(this.#searchTimer);
    // The previous search is dropped at once, not only once the typing pauses.
    this.#query = undefined;
    this.#directory.cancel();
    const run = () => {
      this.#query = [q, this.#opened];
      this.requestUpdate();
    };
    if (q) this.#searchTimer = setTimeout(run, SEARCH_DEBOUNCE_MS);
    else run();
  }

  get #dialog(): HTMLDialogElement | null {
    return this.querySelector('dialog');
  }

  async #open(): Promise<void> {
    const sharing = this.#sharing.state;
    if (sharing.phase === 'loaded') this.form = formOf(sharing.value);
    else if (sharing.phase === 'error') void this.#sharing.run();
    this.save = { phase: 'idle' };
    this.#opened += 1;
    this.#searchDirectory('');
    await this.updateComplete;
    const dialog = this.#dialog;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    // Start where the decision is: the chosen visibility.
    this.querySelector<HTMLInputElement>('input[name="share-visibility"]:checked')?.focus();
  }

  #close(): void {
    this.#dialog?.close();
  }

  #onClosed(): void {
    this.#query = undefined;
    this.#directory.cancel();
    clearTimeout(this.#searchTimer);
    this.querySelector<HTMLButtonElement>('[data-testid="share-button"]')?.focus();
  }

  #change(next: ShareForm): void {
    this.form = next;
    if (this.save.phase !== 'saving') this.save = { phase: 'idle' };
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = this.form;
    if (!form || this.save.phase === 'saving') return;
    this.save = { phase: 'saving' };
    const signal = this.#connected.signal;
    try {
      const saved = await api.setSharing(this.artifactId, sharingRequest(form), { signal });
      this.#sharing.set(saved);
      this.form = formOf(saved);
      this.save = { phase: 'saved', text: savedSentence(saved, this.orgId) };
      this.dispatchEvent(new CustomEvent<Sharing>('sharing-changed', { detail: saved, bubbles: true, composed: true }));
    } catch (error: unknown) {
      if (signal.aborted) return;
      this.save = { phase: 'error', text: shareErrorText(asApiError(error)) };
    }
  }

  protected override render(): TemplateResult {
    const sharing = this.#sharing.value;
    const label = sharing ? visibilityLabel(sharing, this.orgId) : '';
    const visibility = sharing?.visibility;
    return html`<div class="share">
      <button
        type="button"
        class="button button--quiet"
        data-testid="share-button"
        aria-haspopup="dialog"
        @click=${() => void this.#open()}
      >
        Share
      </button>
      ${label
        ? html`<span class="share__summary" data-testid="share-summary" data-visibility=${visibility ?? ''} title="Who can see this artifact"
            ><span class="share__icon share__icon--${visibility}" aria-hidden="true"></span><span class="visually-hidden">Visible to: </span>${label}</span
          >`
        : nothing}
      <dialog
        class="share-dialog"
        data-testid="share-dialog"
        aria-labelledby="share-dialog-title"
        aria-describedby="share-dialog-note"
        @close=${() => this.#onClosed()}
      >
        ${this.#renderDialogBody()}
      </dialog>
    </div>`;
  }

  #renderDialogBody(): TemplateResult {
    const heading = html`<header class="share-dialog__header">
      <h2 class="share-dialog__title" id="share-dialog-title">Share this artifact</h2>
      <button type="button" class="share-dialog__close" aria-label="Close" @click=${() => this.#close()}>×</button>
    </header>`;
    const state = this.#sharing.state;
    if (state.phase !== 'loaded' || !this.form) {
      return html`${heading}
        <div class="share-dialog__body">
          ${state.phase === 'error'
            ? renderFailure({ error: state.error, subject: "this artifact's sharing", testid: 'share-load-error', retry: () => void this.#sharing.run() })
            : html`<p class="muted" role="status">Loading who can see this artifact…</p>`}
        </div>`;
    }
    const form = this.form;
    const org = orgName(this.orgId);
    const saving = this.save.phase === 'saving';
    const changed = isChanged(form, state.value);
    return html`${heading}
      <form class="share-dialog__body" @submit=${(e: SubmitEvent) => void this.#submit(e)}>
        <fieldset class="share-dialog__choices" ?disabled=${saving}>
          <legend class="share-dialog__legend">Who can see it</legend>
          ${VISIBILITY_CHOICES.filter((choice) => choice.value !== 'org' || this.orgWideAllowed || state.value.visibility === 'org').map(
            (choice) => html`<label class="share-choice">
              <input
                type="radio"
                name="share-visibility"
                value=${choice.value}
                data-testid=${`share-visibility-${choice.value}`}
                .checked=${form.visibility === choice.value}
                @change=${() => this.#change({ ...form, visibility: choice.value })}
              />
              <span class="share-choice__text">
                <span class="share-choice__title">${choice.title(org)}</span>
                <span class="share-choice__hint">${choice.hint(org)}</span>
              </span>
            </label>`,
          )}
        </fieldset>
        ${form.visibility === 'restricted'
          ? renderSharePicker({
              form,
              saving,
              orgId: this.orgId,
              ownerId: this.ownerId,
              directory: this.#directory.state,
              names: this.#names,
              search: (q) => this.#searchDirectory(q),
              change: (next) => this.#change(next),
            })
          : nothing}
        <p class="share-dialog__note" id="share-dialog-note">Artifacts are never public: only people of ${org} can be given access.</p>
        <p
          class="share-dialog__status share-dialog__status--${this.save.phase}"
          data-testid="share-status"
          role=${this.save.phase === 'error' ? 'alert' : 'status'}
        >
          ${this.#statusText(changed)}
        </p>
        <footer class="share-dialog__footer">
          <button type="button" class="button button--quiet" @click=${() => this.#close()}>${changed ? 'Cancel' : 'Done'}</button>
          <button type="submit" class="button" data-testid="share-save" ?disabled=${saving || !changed}>${saving ? 'Saving…' : 'Save'}</button>
        </footer>
      </form>`;
  }

  #statusText(changed: boolean): string {
    switch (this.save.phase) {
      case 'saving':
        return 'Saving…';
      case 'saved':
      case 'error':
        return this.save.text;
      case 'idle':
        return changed ? 'Not saved yet.' : '';
    }
  }
}

customElements.define('la-share-control', ShareControl);

declare global {
  interface HTMLElementTagNameMap {
    'la-share-control': ShareControl;
  }
}
