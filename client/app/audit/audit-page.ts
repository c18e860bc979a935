import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { canAudit } from '#policies';
import type { AuditEventRow, ChainVerification, ComplianceArtifactRow } from '#shared/api';
import { currentUser, orgName, principalOf } from '../access/index.ts';
import type { ArtifactsError } from '../api/index.ts';
import { asApiError, renderFailure, renderLoading, renderTopBar } from '../chrome/index.ts';
import { formatFullTime, formatRelativeTime } from '../format/index.ts';
import { AUDIT_ACTIONS, describeDetails, eventsQuery, NO_FILTERS, PAGE_SIZE, type AuditFilters } from './audit-filters.ts';
import { compliance } from './compliance-client.ts';

/** A list that grows page by page ("Load more"). */
type Paged<T> =
  | { phase: 'loading' }
  | { phase: 'error'; error: ArtifactsError }
  | { phase: 'loaded'; items: T[]; nextCursor: string | null; loadingMore: boolean; moreError?: ArtifactsError };

type Verify = { phase: 'idle' } | { phase: 'running' } | { phase: 'done'; result: ChainVerification } | { phase: 'error'; error: ArtifactsError };

/**
 * `/audit`, for auditors: the org's audit trail with filters and "Load more", a check of the
 * whole hash chain, and each artifact's export (every version's HTML and JSON plus a manifest
 * of sha256 hashes). Everything comes from the compliance API, which enforces the role; the
 * page only decides what to offer.
 */
export class AuditPage extends LitElement {
  static override properties = {
    allowed: { state: true },
    orgId: { state: true },
    events: { state: true },
    artifacts: { state: true },
    verify: { state: true },
    exporting: { state: true },
    exportError: { state: true },
  };

  /** undefined until the user is known. */
  protected declare allowed: boolean | undefined;
  protected declare orgId: string;
  protected declare events: Paged<AuditEventRow>;
  protected declare artifacts: Paged<ComplianceArtifactRow>;
  protected declare verify: Verify;
  /** The artifact whose export is downloading. */
  protected declare exporting: string | undefined;
  protected declare exportError: { artifactId: string; error: ArtifactsError } | undefined;

  #filters: AuditFilters = { ...NO_FILTERS };
  #abort = new AbortController();

  constructor() {
    super();
    this.allowed = undefined;
    this.orgId = '';
    this.events = { phase: 'loading' };
    this.artifacts = { phase: 'loading' };
    this.verify = { phase: 'idle' };
    this.exporting = undefined;
    this.exportError = undefined;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = 'Audit · Live Artifacts';
    this.#abort = new AbortController();
    currentUser().then(
      (me) => {
        this.orgId = me.orgId;
        this.allowed = canAudit(principalOf(me));
        if (this.allowed) {
          void this.#loadEvents();
          void this.#loadArtifacts();
        }
      },
      // The API answers for itself: try, and show what it says.
      () => {
        this.allowed = true;
        void this.#loadEvents();
        void this.#loadArtifacts();
      },
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort.abort();
  }

  async #loadEvents(more = false): Promise<void> {
    const signal = this.#abort.signal;
    const current = this.events;
    const cursor = more && current.phase === 'loaded' ? current.nextCursor : null;
    if (more && current.phase === 'loaded') this.events = { ...current, loadingMore: true };
    else this.events = { phase: 'loading' };
    try {
      const page = await compliance.events(eventsQuery(this.#filters, cursor), signal);
      if (signal.aborted) return;
      const before = more && current.phase === 'loaded' ? current.items : [];
      this.events = { phase: 'loaded', items: [...before, ...page.items], nextCursor: page.nextCursor, loadingMore: false };
    } catch (error: unknown) {
      if (signal.aborted) return;
      if (more && current.phase === 'loaded') this.events = { ...current, loadingMore: false, moreError: asApiError(error) };
      else this.events = { phase: 'error', error: asApiError(error) };
    }
  }

  async #loadArtifacts(more = false): Promise<void> {
    const signal = this.#abort.signal;
    const current = this.artifacts;
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (more && current.phase === 'loaded' && current.nextCursor) query.set('cursor', current.nextCursor);
    if (more && current.phase === 'loaded') this.artifacts = { ...current, loadingMore: true };
    try {
      const page = await compliance.artifacts(query.toString(), signal);
      if (signal.aborted) return;
      const before = more && current.phase === 'loaded' ? current.items : [];
      this.artifacts = { phase: 'loaded', items: [...before, ...page.items], nextCursor: page.nextCursor, loadingMore: false };
    } catch (error: unknown) {
      if (signal.aborted) return;
      if (more && current.phase === 'loaded') this.artifacts = { ...current, loadingMore: false, moreError: asApiError(error) };
      else this.artifacts = { phase: 'error', error: asApiError(error) };
    }
  }

  async #verify(): Promise<void> {
    this.verify = { phase: 'running' };
    try {
      const result = await compliance.verify(this.#abort.signal);
      this.verify = { phase: 'done', result };
    } catch (error: unknown) {
      if (!this.#abort.signal.aborted) this.verify = { phase: 'error', error: asApiError(error) };
    }
  }

  async #export(artifactId: string): Promise<void> {
    this.exporting = artifactId;
    this.exportError = undefined;
    try {
      await compliance.downloadExport(artifactId);
      // The export is itself an event: show it.
      void this.#loadEvents();
    } catch (error: unknown) {
      this.exportError = { artifactId, error: asApiError(error) };
    } finally {
      this.exporting = undefined;
    }
  }

  #applyFilters(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '');
    this.#filters = {
      action: AUDIT_ACTIONS.find((a) => a === text('action')) ?? '',
      actor: text('actor'),
      artifact: text('artifact'),
      fromDate: text('from'),
      toDate: text('to'),
    };
    void this.#loadEvents();
  }

  #clearFilters(form: HTMLFormElement | null): void {
    form?.reset();
    this.#filters = { ...NO_FILTERS };
    void this.#loadEvents();
  }

  #filterByArtifact(artifactId: string): void {
    this.#filters = { ...this.#filters, artifact: artifactId };
    const input = this.querySelector<HTMLInputElement>('input[name="artifact"]');
    if (input) input.value = artifactId;
    void this.#loadEvents();
  }

  protected override render(): TemplateResult {
    return html`${renderTopBar(html`<a class="app-bar__link" href="/">All artifacts</a>`)}
      <div class="page page--wide" data-testid="audit-page">
        <header class="page__header">
          <h1 class="page__title">Audit trail</h1>
          <p class="page__lede">
            Every change, view, export and refused sign-in${this.orgId ? html` in <strong>${orgName(this.orgId)}</strong>` : nothing}, in a hash chain
            that shows any alteration. Metadata only: no document content is recorded.
          </p>
        </header>
        ${this.#renderBody()}
      </div>`;
  }

  #renderBody(): TemplateResult {
    if (this.allowed === undefined) return renderLoading('Loading…');
    if (!this.allowed) {
      return html`<div class="notice notice--quiet" data-testid="audit-forbidden">
        <p class="notice__title">The audit trail is for auditors.</p>
        <p>Ask your organization's admin for the auditor role if you need it.</p>
        <p class="notice__actions"><a class="button" href="/">All artifacts</a></p>
      </div>`;
    }
    return html`${this.#renderVerify()}
      <section class="audit-section" aria-labelledby="audit-events-title">
        <h2 class="audit-section__title" id="audit-events-title">Events</h2>
        ${this.#renderFilters()} ${this.#renderEvents()}
      </section>
      <section class="audit-section" aria-labelledby="audit-artifacts-title">
        <h2 class="audit-section__title" id="audit-artifacts-title">Artifacts and exports</h2>
        ${this.#renderArtifacts()}
      </section>`;
  }

  #renderVerify(): TemplateResult {
    const state = this.verify;
    const running = state.phase === 'running';
    let result: TemplateResult | typeof nothing = nothing;
    if (state.phase === 'done' && state.result.intact) {
      result = html`<p class="audit-verify__result audit-verify__result--ok" role="status" data-testid="verify-result" data-intact="true">
        Intact: all ${state.result.events} events verified.
      </p>`;
    } else if (state.phase === 'done' && !state.result.intact) {
      const { brokenAt, reason, events } = state.result;
      result = html`<p class="audit-verify__result audit-verify__result--broken" role="alert" data-testid="verify-result" data-intact="false">
        Broken at event #${brokenAt.seq}${brokenAt.action ? html` (${brokenAt.action}${brokenAt.at ? html`, ${formatFullTime(brokenAt.at)}` : nothing})` : nothing}:
        ${REASONS[reason]} ${events} earlier events verify.
      </p>`;
    } else if (state.phase === 'error') {
      result = html`<p class="audit-verify__result audit-verify__result--broken" role="alert" data-testid="verify-result">${state.error.message}</p>`;
    }
    return html`<div class="audit-verify">
      <button type="button" class="button" data-testid="verify-button" ?disabled=${running} @click=${() => void this.#verify()}>
        ${running ? 'Verifying…' : 'Verify chain'}
      </button>
      <span class="muted audit-verify__hint">Recomputes every event's hash and link from the first one.</span>
      ${result}
    </div>`;
  }

  #renderFilters(): TemplateResult {
    return html`<form class="filters audit-filters" @submit=${(e: SubmitEvent) => this.#applyFilters(e)} data-testid="audit-filters">
      <label class="audit-filters__field"
        ><span class="audit-filters__label">Action</span>
        <select class="select" name="action" data-testid="filter-action">
          <option value="">All actions</option>
          ${AUDIT_ACTIONS.map((a) => html`<option value=${a}>${a}</option>`)}
        </select></label
      >
      <label class="audit-filters__field"
        ><span class="audit-filters__label">Actor (user id)</span><input class="input" name="actor" autocomplete="off" data-testid="filter-actor"
      /></label>
      <label class="audit-filters__field"
        ><span class="audit-filters__label">Artifact id</span><input class="input" name="artifact" autocomplete="off" data-testid="filter-artifact"
      /></label>
      <label class="audit-filters__field"
        ><span class="audit-filters__label">From</span><input class="input" type="date" name="from" data-testid="filter-from"
      /></label>
      <label class="audit-filters__field"
        ><span class="audit-filters__label">To</span><input class="input" type="date" name="to" data-testid="filter-to"
      /></label>
      <span class="audit-filters__actions">
        <button class="button button--small" type="submit" data-testid="apply-filters">Apply</button>
        <button
          class="button button--quiet button--small"
          type="button"
          @click=${(e: Event) => this.#clearFilters((e.target as HTMLElement).closest('form'))}
        >
          Clear
        </button>
      </span>
    </form>`;
  }

  #renderEvents(): TemplateResult {
    const state = this.events;
    if (state.phase === 'loading') return renderLoading('Loading events…');
    if (state.phase === 'error') {
      return renderFailure({ error: state.error, subject: 'the audit trail', testid: 'audit-error', retry: () => void this.#loadEvents(), links: [{ href: '/', label: 'All artifacts' }] });
    }
    if (state.items.length === 0) return html`<p class="notice notice--quiet" data-testid="events-empty">No events match these filters.</p>`;
    const now = Date.now();
    return html`<div class="audit-table-wrap">
        <table class="audit-table" data-testid="events-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Artifact</th>
              <th scope="col">Version</th>
              <th scope="col">Address</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            ${repeat(
              state.items,
              (e) => e.seq,
              (e) => html`<tr data-testid="event-row" data-action=${e.action} data-seq=${e.seq}>
                <td class="audit-table__num">${e.seq}</td>
                <td title=${formatFullTime(e.at)}>${formatRelativeTime(e.at, now)}</td>
                <td><span title=${e.actorId}>${e.actorName || e.actorId}</span></td>
                <td><span class="tag audit-action audit-action--${e.action}">${e.action}</span></td>
                <td>
                  ${e.artifactId
                    ? html`<button type="button" class="link-button audit-table__id" title="Show only this artifact's events" @click=${() => this.#filterByArtifact(e.artifactId as string)}>
                        ${e.artifactId}
                      </button>`
                    : html`<span class="muted">—</span>`}
                </td>
                <td>${e.version ?? html`<span class="muted">—</span>`}</td>
                <td>${e.clientAddress ?? html`<span class="muted">—</span>`}</td>
                <td class="audit-table__details">${describeDetails(e.details)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.#renderMore(state, () => void this.#loadEvents(true), 'load-more')}`;
  }

  #renderArtifacts(): TemplateResult {
    const state = this.artifacts;
    if (state.phase === 'loading') return renderLoading('Loading artifacts…');
    if (state.phase === 'error') return renderFailure({ error: state.error, subject: 'the artifacts', testid: 'audit-artifacts-error', retry: () => void this.#loadArtifacts() });
    if (state.items.length === 0) return html`<p class="notice notice--quiet">Your organization has no artifacts.</p>`;
    return html`<div class="audit-table-wrap">
        <table class="audit-table" data-testid="artifacts-table">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Owner</th>
              <th scope="col">Shared</th>
              <th scope="col">Versions</th>
              <th scope="col">Updated</th>
              <th scope="col"><span class="visually-hidden">Export</span></th>
            </tr>
          </thead>
          <tbody>
            ${repeat(
              state.items,
              (a) => a.id,
              (a) => html`<tr data-testid="artifact-row" data-artifact-id=${a.id}>
                <td>${a.title || html`<span class="muted">Untitled</span>`}${a.legalHold ? html` <span class="tag">legal hold</span>` : nothing}
                  <div class="muted audit-table__id">${a.id}</div></td>
                <td>${a.ownerName || a.owner}</td>
                <td>${a.visibility}</td>
                <td class="audit-table__num">${a.versionCount}</td>
                <td title=${formatFullTime(a.updatedAt)}>${formatRelativeTime(a.updatedAt, Date.now())}</td>
                <td>
                  <button
                    type="button"
                    class="button button--quiet button--small"
                    data-testid="export-button"
                    ?disabled=${this.exporting !== undefined || a.versionCount === 0}
                    title=${a.versionCount === 0 ? 'Nothing published yet' : 'Every version (HTML and JSON) with a manifest of sha256 hashes'}
                    @click=${() => void this.#export(a.id)}
                  >
                    ${this.exporting === a.id ? 'Exporting…' : 'Export'}
                  </button>
                  ${this.exportError?.artifactId === a.id
                    ? html`<div class="toolbar__error" role="alert" data-testid="export-error">${this.exportError.error.message}</div>`
                    : nothing}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.#renderMore(state, () => void this.#loadArtifacts(true), 'load-more-artifacts')}`;
  }

  #renderMore<T>(state: Extract<Paged<T>, { phase: 'loaded' }>, more: () => void, testid: string): TemplateResult | typeof nothing {
    if (!state.nextCursor && !state.moreError) return nothing;
    return html`<p class="audit-more">
      ${state.moreError ? html`<span class="toolbar__error" role="alert">${state.moreError.message}</span>` : nothing}
      ${state.nextCursor
        ? html`<button type="button" class="button button--quiet" data-testid=${testid} ?disabled=${state.loadingMore} @click=${more}>
            ${state.loadingMore ? 'Loading…' : 'Load more'}
          </button>`
        : nothing}
    </p>`;
  }
}

const REASONS: Record<Extract<ChainVerification, { intact: false }>['reason'], string> = {
  hash_mismatch: 'its content no longer matches its hash (the row was altered).',
  prev_hash_mismatch: 'it does not link to the event before it.',
  seq_gap: 'events are missing before it.',
  head_mismatch: 'the newest events are missing.',
};

customElements.define('la-audit-page', AuditPage);

declare global {
  interface HTMLElementTagNameMap {
    'la-audit-page': AuditPage;
  }
}
