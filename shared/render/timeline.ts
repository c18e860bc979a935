import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Severity, TimelineEvent, TimelineSection } from '../schema/types.ts';
import { SEVERITIES } from '../schema/types.ts';
import { renderMarkdown } from './markdown.ts';
import { TIMELINE_VISIBLE_EVENTS, type RenderOptions, type TimelineFilter } from './render-options.ts';
import { formatInZone, formatUtc } from './time-format.ts';

export { formatUtc } from './time-format.ts';

function severity(value: unknown): Severity | undefined {
  return SEVERITIES.find((s) => s === value);
}

/** The element id of an event, the target of `#event-<id>` links. */
export function eventAnchorId(eventId: string): string {
  return `event-${eventId}`;
}

/** True when a filter narrows anything at all. */
export function filterActive(filter: TimelineFilter | undefined): filter is TimelineFilter {
  return !!filter && (filter.severities.length > 0 || filter.text.trim() !== '');
}

/**
 * The events a filter keeps: any of the chosen severities (none chosen = all), and every word of
 * the text somewhere in the title, body or actor, case-insensitively.
 */
export function filterEvents(events: readonly TimelineEvent[], filter: TimelineFilter | undefined): TimelineEvent[] {
  if (!filterActive(filter)) return [...events];
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return events.filter((event) => {
    if (filter.severities.length > 0 && !(event.severity && filter.severities.includes(event.severity))) return false;
    if (words.length === 0) return true;
    const haystack = `${event.title}\n${event.body ?? ''}\n${event.actor ?? ''}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

function renderEvent(event: TimelineEvent, options: RenderOptions): TemplateResult {
  const level = severity(event.severity);
  const anchor = eventAnchorId(event.id);
  return html`<li class="la-timeline__event la-sev--${level ?? 'none'}" id=${anchor} data-event-id=${event.id}>
    <div class="la-timeline__head">
      <time class="la-timeline__time" datetime=${event.at} title=${formatUtc(event.at)}>${formatInZone(event.at, options.timeZone ?? 'UTC')}</time>
      ${options.relativeTimes ? html`<span class="la-ago" data-at=${event.at}></span>` : nothing}
      ${level ? html`<span class="la-badge la-sev-badge--${level}">${level}</span>` : nothing}
      ${event.actor ? html`<span class="la-timeline__actor">${event.actor}</span>` : nothing}
      <a class="la-anchor" href=${`#${anchor}`} aria-label=${`Link to event: ${event.title}`} title="Link to this event"></a>
    </div>
    <div class="la-timeline__title">${event.title}</div>
    ${event.body ? renderMarkdown(event.body) : nothing}
  </li>`;
}

function renderList(events: readonly TimelineEvent[], options: RenderOptions, extra = ''): TemplateResult {
  // Keyed, so an event arriving in the middle moves no other event's DOM (and its ticking time).
  return html`<ol class=${extra ? `la-timeline ${extra}` : 'la-timeline'}>${repeat(events, (e) => e.id, (e) => renderEvent(e, options))}</ol>`;
}

/**
 * A timeline shows its newest events; the older ones fold into a `<details>` ("Show 580 earlier
 * events") that opens without script, so a frozen page keeps every event and stays short. The
 * `open` state is never bound: a reader's unfolding survives live updates. A filter (live page)
 * shows every match instead.
 */
export function renderTimeline(section: TimelineSection, options: RenderOptions = {}): TemplateResult {
  const events = Array.isArray(section.events) ? section.events : [];
  if (events.length === 0) return html`<p class="la-empty">No events yet.</p>`;
  const toolbar = options.timelineToolbar ?? nothing;
  const filter = options.timelineFilter;
  if (filterActive(filter)) {
    const shown = filterEvents(events, filter);
    return html`${toolbar}<p class="la-timeline__count" data-testid="timeline-count">${shown.length} of ${events.length} events match</p>
      ${shown.length ? renderList(shown, options) : html`<p class="la-empty">No events match this filter.</p>`}`;
  }
  const cut = Math.max(0, events.length - TIMELINE_VISIBLE_EVENTS);
  const earlier = events.slice(0, cut);
  const newest = events.slice(cut);
  const fold = earlier.length
    ? html`<details class="la-timeline__earlier">
        <summary class="la-timeline__more">Show ${earlier.length} earlier ${earlier.length === 1 ? 'event' : 'events'}</summary>
        ${renderList(earlier, options, 'la-timeline--earlier')}
      </details>`
    : nothing;
  return html`${toolbar}${fold}${renderList(newest, options)}`;
}
