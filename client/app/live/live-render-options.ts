import type { RenderOptions } from '#shared/render';

/** The reader's own time zone, as the browser knows it. */
const READER_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** How the live page renders sections: the reader's zone, ticking relative times, chart tooltips. */
export function liveRenderOptions(extra: RenderOptions = {}): RenderOptions {
  return { timeZone: READER_TIME_ZONE, relativeTimes: true, chartTooltips: true, ...extra };
}
