import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { AuditEventRow } from '#shared/api';
import { PagedController, renderFailure, renderLoading } from '../chrome/index.ts';
import { formatFullTime, formatRelativeTime } from '../format/index.ts';
import { renderFilterForm } from './audit-filter-form.ts';
import { describeDetails, eventsQuery, NO_FILTERS, type AuditFilters } from './audit-filters.ts';
import { renderLoadMore } from './audit-more.ts';
import { compliance } from './compliance-client.ts';

/**
 * The audit trail's events on the /audit page: the filter form and the table, newest first,
 * page by page. Every change of the filters (a new object) starts the list over.
 */
export class AuditEvents {
  #filters: AuditFilters = { ...NO_FILTERS };
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #list: PagedController<[AuditFilters], AuditEventRow>;

  /** `enabled`: whether the trail may be asked for yet (the user is known to be allowed). */
  constructor(host: ReactiveControllerHost & HTMLElement, enabled: () => boolean) {
    this.#host = host;
    this.#list = new PagedController(host, {
      args: () => (enabled() ? [this.#filters] : undefined),
      page: ([filters], cursor, signal) => compliance.events(eventsQuery(filters, cursor), signal),
    });
  }

  /** Loads the first page again (after something new was recorded, e.g. an export). */
  reload(): void {
    void this.#list.run();
  }

  #filter(filters: AuditFilters): void {
    this.#filters = filters;
    this.#host.requestUpdate();
  }

  /** Narrows the trail to one artifact, and shows it in the form. */
  #filterByArtifact(artifactId: string): void {
    const input = this.#host.querySelector<HTMLInputElement>('input[name="artifact"]');
    if (input) input.value = artifactId;
    this.#filter({ ...this.#filters, artifact: artifactId });
  }

  render(): TemplateResult {
    return html`${renderFilterForm(
      (filters) => this.#filter(filters),
      () => this.#filter({ ...NO_FILTERS }),
    )}
    ${this.#renderTable()}`;
  }

  #renderTable(): TemplateResult {
    const state = this.#list.state;
    if (state.phase === 'loading') return renderLoading('Loading events…');
    if (state.phase === 'error') {
      return renderFailure({ error: state.error, subject: 'the audit trail', testid: 'audit-error', retry: () => this.reload(), links: [{ href: '/', label: 'All artifacts' }] });
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
              (e) => this.#renderRow(e, now),
            )}
          </tbody>
        </table>
      </div>
      ${renderLoadMore(state, () => void this.#list.more(), 'load-more')}`;
  }

  #renderRow(e: AuditEventRow, now: number): TemplateResult {
    return html`<tr data-testid="event-row" data-action=${e.action} data-seq=${e.seq}>
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
    </tr>`;
  }
}
