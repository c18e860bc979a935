/**
 * A real time axis for charts whose x values are times: ISO 8601 strings, or epoch
 * milliseconds. Ticks fall on round instants (every 5 minutes, every 6 hours, every day…) and
 * are labelled in the reader's time zone (UTC on frozen pages). Pure: the zone is passed in.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Steps a time axis may use, smallest first. */
export const TIME_STEPS_MS: readonly number[] = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY, 365 * DAY,
];

/** Epoch milliseconds between 2000 and 2100: numbers there are read as times. */
const EPOCH_MS_MIN = Date.UTC(2000, 0, 1);
const EPOCH_MS_MAX = Date.UTC(2100, 0, 1);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** An x value as epoch milliseconds when it reads as a time, else null. */
export function timeValue(x: number | string): number | null {
  if (typeof x === 'string') {
    if (!ISO_TIME.test(x)) return null;
    const ms = Date.parse(x);
    return Number.isFinite(ms) ? ms : null;
  }
  return Number.isInteger(x) && x >= EPOCH_MS_MIN && x <= EPOCH_MS_MAX ? x : null;
}

/** True when every x value (at least one) is a time. */
export function isTimeAxis(xs: readonly (number | string)[]): boolean {
  return xs.length > 0 && xs.every((x) => timeValue(x) !== null);
}

/** Round instants within [min, max], at most `maxCount` of them, and the step chosen. */
export function niceTimeTicks(minMs: number, maxMs: number, maxCount: number): { ticks: number[]; stepMs: number } {
  const lo = Math.min(minMs, maxMs);
  const hi = Math.max(minMs, maxMs);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { ticks: [], stepMs: MINUTE };
  if (lo === hi) return { ticks: [lo], stepMs: MINUTE };
  const count = Math.max(2, Math.floor(maxCount));
  const stepMs = TIME_STEPS_MS.find((step) => (hi - lo) / step <= count - 1) ?? niceYears(hi - lo, count);
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / stepMs) * stepMs; t <= hi; t += stepMs) ticks.push(t);
  return { ticks, stepMs };
}

function niceYears(spanMs: number, count: number): number {
  const years = Math.ceil(spanMs / (365 * DAY) / (count - 1));
  return years * 365 * DAY;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, withSeconds: boolean, withDate: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withSeconds}|${withDate}`;
  let f = formats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = withDate
      ? { timeZone, month: 'short', day: 'numeric' }
      : { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(withSeconds ? { second: '2-digit' } : {}) };
    try {
      f = new Intl.DateTimeFormat('en-GB', options);
    } catch {
      f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' });
    }
    formats.set(key, f);
  }
  return f;
}

/** A tick label fitting the step: `10:05:30`, `10:05` or `21 Nov`. */
export function timeTickLabel(ms: number, stepMs: number, timeZone: string): string {
  return format(timeZone, stepMs < MINUTE, stepMs >= DAY).format(ms);
}

/** A point's time for a tooltip or a title: `21 Nov, 10:05:30`. */
export function timePointLabel(ms: number, timeZone: string): string {
  return `${format(timeZone, false, true).format(ms)}, ${format(timeZone, true, false).format(ms)}`;
}

/** The zone's short name for an axis title, e.g. `UTC`, `GMT+1`. */
export function zoneName(timeZone: string): string {
  if (timeZone === 'UTC') return 'UTC';
  try {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' }).formatToParts(0);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  } catch {
    return 'UTC';
  }
}
