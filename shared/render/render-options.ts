import type { Severity } from '../schema/types.ts';

/** What the reader of a live page narrowed a timeline to. Empty `severities` means all. */
export interface TimelineFilter {
  severities: readonly Severity[];
  text: string;
}

/**
 * How a section renders beyond its own data. A frozen page passes nothing: UTC, no script, every
 * event in the markup (the older ones folded in a `<details>`). The live page passes the
 * reader's time zone, asks for relative-time slots it fills and ticks, and its filters.
 */
export interface RenderOptions {
  /** IANA time zone for displayed times; default `UTC`. */
  timeZone?: string;
  /** Emit an empty `.la-ago[data-at]` beside each event time for the page to fill ("3 min ago"). */
  relativeTimes?: boolean;
  /** Narrow a timeline's events; matching events are all shown (nothing folded). */
  timelineFilter?: TimelineFilter;
  /** Controls the live page shows above a timeline's events (its filter), rendered as given. */
  timelineToolbar?: unknown;
  /** Live page: the chart gets a tooltip layer the page fills on hover and tap. */
  chartTooltips?: boolean;
}

/** Newest events a timeline shows before "Show N earlier events". */
export const TIMELINE_VISIBLE_EVENTS = 20;
