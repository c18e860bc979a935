import { html, type TemplateResult } from 'lit';
import { SEVERITIES, type Severity } from '#shared/schema';
import type { TimelineFilter } from '#shared/render';

export const NO_FILTER: TimelineFilter = Object.freeze({ severities: [], text: '' });

/** The filter with one severity switched on or off. */
export function toggleSeverity(filter: TimelineFilter, severity: Severity): TimelineFilter {
  const on = filter.severities.includes(severity);
  return { ...filter, severities: on ? filter.severities.filter((s) => s !== severity) : [...filter.severities, severity] };
}

/**
 * The controls above a live timeline: a toggle per severity and a text box. Plain controls with
 * labels, so they are reachable and named for keyboard and screen-reader users; the filtering
 * itself is the renderer's (filterEvents), the same function the tests check.
 */
export function renderTimelineToolbar(sectionId: string, filter: TimelineFilter, change: (next: TimelineFilter) => void): TemplateResult {
  const inputId = `timeline-filter-${sectionId}`;
  return html`<div class="timeline-toolbar" role="group" aria-label="Filter events" data-testid="timeline-filter">
    <div class="timeline-toolbar__severities">
      ${SEVERITIES.map(
        (severity) => html`<button type="button" class="timeline-toolbar__sev la-sev-badge--${severity}"
          aria-pressed=${filter.severities.includes(severity) ? 'true' : 'false'} data-severity=${severity}
          @click=${() => change(toggleSeverity(filter, severity))}>${severity}</button>`,
      )}
    </div>
    <label class="la-sr-only" for=${inputId}>Filter events by text</label>
    <input id=${inputId} class="timeline-toolbar__text" type="search" placeholder="Filter events…" .value=${filter.text}
      data-testid="timeline-filter-text" @input=${(e: Event) => change({ ...filter, text: (e.target as HTMLInputElement).value })} />
  </div>`;
}
