import { html, nothing, type TemplateResult } from 'lit';
import type { Severity, TimelineSection } from '../schema/types.ts';
import { SEVERITIES } from '../schema/types.ts';
import { renderMarkdown } from './markdown.ts';

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * `YYYY-MM-DD HH:MM UTC` from an ISO 8601 string, the same on every machine and in every
 * locale; an unparseable value is shown as given.
 */
export function formatUtc(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const d = new Date(ms);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

function severity(value: unknown): Severity | undefined {
  return SEVERITIES.find((s) => s === value);
}

export function renderTimeline(section: TimelineSection): TemplateResult {
  const events = Array.isArray(section.events) ? section.events : [];
  if (events.length === 0) return html`<p class="la-empty">No events yet.</p>`;
  return html`<ol class="la-timeline">
    ${events.map((event) => {
      const level = severity(event.severity);
      return html`<li class="la-timeline__event la-sev--${level ?? 'none'}">
        <div class="la-timeline__head">
          <time class="la-timeline__time" datetime=${event.at}>${formatUtc(event.at)}</time>
          ${level ? html`<span class="la-badge la-sev-badge--${level}">${level}</span>` : nothing}
          ${event.actor ? html`<span class="la-timeline__actor">${event.actor}</span>` : nothing}
        </div>
        <div class="la-timeline__title">${event.title}</div>
        ${event.body ? renderMarkdown(event.body) : nothing}
      </li>`;
    })}
  </ol>`;
}
