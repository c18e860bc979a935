import type { ChartKind, ChartSection } from '../schema/types.ts';
import { extent, formatCompact, linearScale, niceTicks, shortLabel, thinTicks } from './chart-scale.ts';
import { isTimeAxis, niceTimeTicks, timePointLabel, timeTickLabel, timeValue } from './chart-time.ts';
import type { PlotSeries } from './chart.ts';

/** The drawing area inside the chart's viewBox (units, not pixels: the SVG scales). */
export const PLOT = { width: 600, height: 300, left: 56, right: 588, top: 12, bottom: 272 } as const;

/**
 * Plot widths, in CSS pixels, the x labels are thinned for: a phone (390 px page) and
 * anything from 480 px up. CSS hides the ticks only the wide set keeps below 480 px.
 */
export const NARROW_PLOT_PX = 290;
export const WIDE_PLOT_PX = 560;

export interface XTick {
  x: number;
  label: string;
  /** Shown only when the chart is at least 480 px wide. */
  wideOnly: boolean;
}

export interface XPlacement {
  /** Position of a point's x in viewBox units, or null when it cannot be placed. */
  at: (x: number | string) => number | null;
  ticks: XTick[];
  /** Width of one category band; 0 on a continuous axis. */
  band: number;
  /** How a point's x reads in a tooltip or a title. */
  text: (x: number | string) => string;
  /** Time axes: the zone their labels are in, for the axis title. */
  timeZone: string | undefined;
}

export function xText(x: number | string): string {
  return typeof x === 'number' ? formatCompact(x) : x;
}

/** Marks which of the candidate ticks survive on a narrow chart and which only on a wide one. */
function thinned(candidates: { x: number; label: string }[]): XTick[] {
  const wide = new Set(thinTicks(candidates, WIDE_PLOT_PX));
  const narrow = new Set(thinTicks([...wide], NARROW_PLOT_PX));
  return candidates.filter((t) => wide.has(t)).map((t) => ({ ...t, wideOnly: !narrow.has(t) }));
}

function categoryAxis(series: PlotSeries[], sortNumeric: boolean): XPlacement {
  const seen = new Map<string, number | string>();
  for (const s of series) for (const [x] of s.points) if (!seen.has(String(x))) seen.set(String(x), x);
  let entries = [...seen.entries()];
  if (sortNumeric) entries = entries.sort((a, b) => Number(a[1]) - Number(b[1]));
  const index = new Map(entries.map(([key], i) => [key, i]));
  const band = (PLOT.right - PLOT.left) / Math.max(1, entries.length);
  const candidates = entries.map(([, x], i) => ({ x: PLOT.left + band * (i + 0.5), label: shortLabel(xText(x)) }));
  return {
    at: (x) => {
      const i = index.get(String(x));
      return i === undefined ? null : PLOT.left + band * (i + 0.5);
    },
    ticks: thinned(candidates),
    band,
    text: xText,
    timeZone: undefined,
  };
}

function linearAxis(values: number[]): XPlacement {
  const [min, max] = extent(values) ?? [0, 1];
  const scale = linearScale([min, max], [PLOT.left, PLOT.right]);
  const ticks = min === max ? [min] : niceTicks(min, max, 8).filter((t) => t >= min && t <= max);
  return {
    at: (x) => (typeof x === 'number' ? scale(x) : null),
    ticks: thinned(ticks.map((t) => ({ x: scale(t), label: formatCompact(t) }))),
    band: 0,
    text: xText,
    timeZone: undefined,
  };
}

function timeAxis(xs: (number | string)[], timeZone: string): XPlacement {
  const ms = xs.map((x) => timeValue(x) ?? 0);
  const [min, max] = extent(ms) ?? [0, 1];
  const scale = linearScale([min, max], [PLOT.left, PLOT.right]);
  const { ticks, stepMs } = niceTimeTicks(min, max, 10);
  const candidates = ticks.map((t) => ({ x: scale(t), label: timeTickLabel(t, stepMs, timeZone) }));
  return {
    at: (x) => {
      const t = timeValue(x);
      return t === null ? null : scale(t);
    },
    ticks: thinned(candidates),
    band: 0,
    text: (x) => {
      const t = timeValue(x);
      return t === null ? xText(x) : timePointLabel(t, timeZone);
    },
    timeZone,
  };
}

/** How x values are placed: bars and labels by category, times on a time axis, numbers linearly. */
export function xPlacement(kind: ChartKind, series: PlotSeries[], timeZone: string): XPlacement {
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  if (kind !== 'bar' && isTimeAxis(xs)) return timeAxis(xs, timeZone);
  const numeric = xs.length > 0 && xs.every((x) => typeof x === 'number');
  if (kind === 'bar' || !numeric) return categoryAxis(series, numeric);
  return linearAxis(xs as number[]);
}

/** The y axis: nice ticks, a scale onto the plot and where zero (the bars' base) lies. */
export function yAxis(kind: Exclude<ChartKind, 'funnel'>, series: PlotSeries[]) {
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  // Bars and areas are measured from zero, so zero must be on the axis; lines may float.
  const [yMin, yMax] = extent(kind === 'line' ? ys : [...ys, 0]) ?? [0, 1];
  const ticks = niceTicks(yMin, yMax, 5);
  const domain: [number, number] = [ticks[0] ?? 0, ticks[ticks.length - 1] ?? 1];
  const of = linearScale(domain, [PLOT.bottom, PLOT.top]);
  const baseline = of(Math.min(Math.max(0, domain[0]), domain[1]));
  return { ticks, of, baseline, empty: ys.length === 0 };
}

export type ChartTitleSection = Pick<ChartSection, 'xLabel' | 'yLabel'>;
