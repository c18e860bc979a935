import { html, nothing, type TemplateResult } from 'lit';
import type { Paged } from '../chrome/index.ts';

/**
 * "Load more" under a paged table, with the failure of the last attempt beside it; nothing once
 * the list is complete. Both audit tables page the same way, so they share this row.
 */
export function renderLoadMore<T>(state: Paged<T>, more: () => void, testid: string): TemplateResult | typeof nothing {
  if (state.phase !== 'loaded' || (!state.nextCursor && !state.moreError)) return nothing;
  return html`<p class="audit-more">
    ${state.moreError ? html`<span class="toolbar__error" role="alert">${state.moreError.message}</span>` : nothing}
    ${state.nextCursor
      ? html`<button type="button" class="button button--quiet" data-testid=${testid} ?disabled=${state.loadingMore} @click=${more}>
          ${state.loadingMore ? 'Loading…' : 'Load more'}
        </button>`
      : nothing}
  </p>`;
}
