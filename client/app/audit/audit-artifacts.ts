import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ComplianceArtifactRow } from '#shared/api';
import type { ArtifactsError } from '../api/index.ts';
import { asApiError, PagedController, renderFailure, renderLoading } from '../chrome/index.ts';
import { formatFullTime, formatRelativeTime } from '../format/index.ts';
import { PAGE_SIZE } from './audit-filters.ts';
import { renderLoadMore } from './audit-more.ts';
import { compliance } from './compliance-client.ts';

/**
 * The org's artifacts on the /audit page, page by page, each with its export: every version's
 * HTML and JSON plus a manifest of sha256 hashes, downloaded one at a time. `exported` runs
 * after each download, because the export is itself recorded in the trail.
 */
export class AuditArtifacts {
  /** The artifact whose export is downloading. */
  #exporting: string | undefined;
  #exportError: { artifactId: string; error: ArtifactsError } | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #list: PagedController<[], ComplianceArtifactRow>;
  readonly #exported: () => void;

  constructor(host: ReactiveControllerHost, enabled: () => boolean, exported: () => void) {
    this.#host = host;
    this.#exported = exported;
    this.#list = new PagedController(host, {
      args: () => (enabled() ? [] : undefined),
      page: (_args, cursor, signal) => {
        const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
        if (cursor) query.set('cursor', cursor);
        return compliance.artifacts(query.toString(), signal);
      },
    });
  }

  async #export(artifactId: string): Promise<void> {
    this.#exporting = artifactId;
    this.#exportError = undefined;
    this.#host.requestUpdate();
    try {
      await compliance.downloadExport(artifactId);
      this.#exported();
    } catch (error: unknown) {
      this.#exportError = { artifactId, error: asApiError(error) };
    } finally {
      this.#exporting = undefined;
      this.#host.requestUpdate();
    }
  }

  render(): TemplateResult {
    const state = this.#list.state;
    if (state.phase === 'loading') return renderLoading('Loading artifacts…');
    if (state.phase === 'error') return renderFailure({ error: state.error, subject: 'the artifacts', testid: 'audit-artifacts-error', retry: () => void this.#list.run() });
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
              (a) => this.#renderRow(a),
            )}
          </tbody>
        </table>
      </div>
      ${renderLoadMore(state, () => void this.#list.more(), 'load-more-artifacts')}`;
  }

  #renderRow(a: ComplianceArtifactRow): TemplateResult {
    return html`<tr data-testid="artifact-row" data-artifact-id=${a.id}>
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
          ?disabled=${this.#exporting !== undefined || a.versionCount === 0}
          title=${a.versionCount === 0 ? 'Nothing published yet' : 'Every version (HTML and JSON) with a manifest of sha256 hashes'}
          @click=${() => void this.#export(a.id)}
        >
          ${this.#exporting === a.id ? 'Exporting…' : 'Export'}
        </button>
        ${this.#exportError?.artifactId === a.id
          ? html`<div class="toolbar__error" role="alert" data-testid="export-error">${this.#exportError.error.message}</div>`
          : nothing}
      </td>
    </tr>`;
  }
}
