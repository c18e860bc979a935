/**
 * Number helpers for charts: tick generation, linear scales and compact labels. Pure and
 * locale-free so a frozen page renders the same bytes on every machine.
 */

/** Rounds to 12 significant digits to drop floating-point noise such as 0.30000000000000004. */
function clean(value: number): number {
  return value === 0 ? 0 : Number(value.toPrecision(12));
}

/** The 1, 2 or 5 × 10^n closest to `value`. */
function niceStep(value: number): number {
  const base = 10 ** Math.floor(Math.log10(value));
  const fraction = value / base;
  const nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  return nice * base;
}

/**
 * About `count` evenly spaced "nice" values (steps of 1, 2 or 5 × 10^n) that cover [min, max].
 * The first and last ticks bound the data, so they double as the axis domain. A zero-width
 * range is widened around its value so a single point still gets an axis.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (lo === hi) {
    const pad = Math.abs(lo) / 2;
    if (pad === 0) hi = 1;
    else {
      lo -= pad;
      hi += pad;
    }
  }
  const intervals = Math.max(1, Math.round(count) - 1);
  const step = niceStep((hi - lo) / intervals);
  const first = Math.floor(lo / step);
  const last = Math.ceil(hi / step);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(clean(i * step));
  return ticks;
}

/**
 * Smallest and largest value, or null for none. A loop, because spreading a long series into
 * `Math.min(...)` overflows the call stack.
 */
export function extent(values: Iterable<number>): [min: number, max: number] | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : null;
}

/** A linear map from a domain onto a pixel range; a degenerate domain maps to the middle. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  if (span === 0 || !Number.isFinite(span)) return () => (r0 + r1) / 2;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

const UNITS = [
  { size: 1e3, suffix: 'k' },
  { size: 1e6, suffix: 'M' },
  { size: 1e9, suffix: 'B' },
  { size: 1e12, suffix: 'T' },
] as const;

function oneDecimal(value: number): string {
  return String(Number(value.toFixed(1)));
}

/** Short labels for axes and values: 950, 1.2k, 3.4M, 0.25. */
export function formatCompact(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (value === 0) return '0';
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const small = Number(abs.toPrecision(3));
  if (small < 1000) return sign + (small < 1e-4 ? small.toExponential(1) : String(small));
  let index = 0;
  while (index < UNITS.length - 1 && abs >= (UNITS[index + 1]?.size ?? Infinity)) index++;
  // Rounding can turn 999,960 into "1000k"; move such values up one unit.
  if (Number((abs / (UNITS[index]?.size ?? 1)).toFixed(1)) >= 1000 && index < UNITS.length - 1) {
    index++;
  }
  const unit = UNITS[index] ?? UNITS[0];
  return sign + oneDecimal(abs / unit.size) + unit.suffix;
}

/** Series colours in order; chosen to stay distinguishable on white and for common colour blindness. */
export const CHART_PALETTE = [
  '#2563eb',
  '#dc2626',
  '#059669',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#4b5563',
] as const;

export function seriesColor(index: number): string {
  return CHART_PALETTE[index % CHART_PALETTE.length] ?? '#2563eb';
}

/** Cuts long axis labels so they do not run into their neighbours. */
export function shortLabel(text: string, maxChars = 14): string {
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

/** Two decimals at most: enough for pixel coordinates, and keeps the markup small. */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Rough width of a tick label at the axis font (12 px system-ui): digits are about 7 px. */
export function labelWidthPx(text: string): number {
  return text.length * 7 + 12;
}

/**
 * Every k-th tick, the smallest k at which the labels fit side by side in `widthPx`; the first
 * tick is always kept. Used with the widths of a narrow and of a wide chart, so a frozen page
 * (no script to measure) still shows no overlapping labels at either size.
 */
export function thinTicks<T extends { label: string }>(ticks: readonly T[], widthPx: number): T[] {
  if (ticks.length <= 1) return [...ticks];
  const widest = Math.max(...ticks.map((t) => labelWidthPx(t.label)));
  const fit = Math.max(1, Math.floor(widthPx / widest));
  const every = Math.ceil(ticks.length / fit);
  return ticks.filter((_, i) => i % every === 0);
}
