import { html, nothing, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { ChartKind, ChartPoint, ChartSection, ChartSeries } from '../schema/types.ts';
import { CHART_KINDS } from '../schema/types.ts';
import { renderFunnel } from './chart-funnel.ts';
import { svgTitle } from './svg-title.ts';
import { extent, formatCompact, linearScale, niceTicks, px, seriesColor, shortLabel } from './chart-scale.ts';

/** What a chart kind draws: the viewBox and the marks inside it. */
export interface ChartBody {
  viewBox: string;
  content: SVGTemplateResult;
}

/** A series with its colour and only the points that can be drawn. */
export interface PlotSeries {
  name: string;
  color: string;
  points: ChartPoint[];
}

const WIDTH = 600;
const HEIGHT = 320;
const LEFT = 64;
const RIGHT = WIDTH - 20;
const TOP = 16;
const BOTTOM = HEIGHT - 56;
const MAX_MARKERS = 40;
const MAX_X_LABELS = 8;

type XPlacement = {
  /** Pixel position of a point's x, or null when it cannot be placed. */
  at: (x: number | string) => number | null;
  ticks: { x: number; label: string }[];
  /** Width of one category band; 0 on a continuous axis. */
  band: number;
};

function drawable(point: unknown): point is ChartPoint {
  if (!Array.isArray(point)) return false;
  const [x, y] = point as unknown[];
  const xOk = typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));
  return xOk && typeof y === 'number' && Number.isFinite(y);
}

export function plotSeries(section: ChartSection): PlotSeries[] {
  const series = (Array.isArray(section.series) ? section.series : []).filter(
    (s): s is ChartSeries => typeof s === 'object' && s !== null,
  );
  return series.map((s, i) => ({
    name: String(s.name ?? `Series ${i + 1}`),
    color: seriesColor(i),
    points: (Array.isArray(s.points) ? s.points : []).filter(drawable),
  }));
}

function xLabel(x: number | string): string {
  return typeof x === 'number' ? formatCompact(x) : x;
}

function categoryAxis(series: PlotSeries[], sortNumeric: boolean): XPlacement {
  const seen = new Map<string, number | string>();
  for (const s of series) for (const [x] of s.points) if (!seen.has(String(x))) seen.set(String(x), x);
  let entries = [...seen.entries()];
  if (sortNumeric) entries = entries.sort((a, b) => Number(a[1]) - Number(b[1]));
  const categories = entries.map(([key]) => key);
  const index = new Map(categories.map((key, i) => [key, i]));
  const band = (RIGHT - LEFT) / Math.max(1, categories.length);
  const every = Math.ceil(categories.length / MAX_X_LABELS);
  const ticks = entries
    .map(([, x], i) => ({ x: LEFT + band * (i + 0.5), label: shortLabel(xLabel(x)), i }))
    .filter(({ i }) => i % every === 0);
  return {
    at: (x) => {
      const i = index.get(String(x));
      return i === undefined ? null : LEFT + band * (i + 0.5);
    },
    ticks,
    band,
  };
}

function linearAxis(values: number[]): XPlacement {
  const [min, max] = extent(values) ?? [0, 1];
  const scale = linearScale([min, max], [LEFT, RIGHT]);
  const ticks = min === max ? [min] : niceTicks(min, max, 6).filter((t) => t >= min && t <= max);
  return {
    at: (x) => (typeof x === 'number' ? scale(x) : null),
    ticks: ticks.map((t) => ({ x: scale(t), label: formatCompact(t) })),
    band: 0,
  };
}

function xPlacement(kind: ChartKind, series: PlotSeries[]): XPlacement {
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const numeric = xs.length > 0 && xs.every((x) => typeof x === 'number');
  if (kind === 'bar' || !numeric) return categoryAxis(series, numeric);
  return linearAxis(xs as number[]);
}

function pointTitle(s: PlotSeries, [x, y]: ChartPoint): string {
  return `${s.name}: ${xLabel(x)}, ${formatCompact(y)}`;
}

function linePath(coords: [number, number][]): string {
  return coords.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x)} ${px(y)}`).join(' ');
}

function renderLines(
  kind: 'line' | 'area',
  series: PlotSeries[],
  placement: XPlacement,
  yOf: (y: number) => number,
  baseline: number,
): SVGTemplateResult[] {
  return series.map((s) => {
    const placed = s.points.flatMap((p) => {
      const x = placement.at(p[0]);
      return x === null ? [] : [{ point: p, coord: [x, yOf(p[1])] as [number, number] }];
    });
    const coords = placed.map(({ coord }) => coord);
    const first = coords[0];
    const last = coords[coords.length - 1];
    const closed = first && last ? `L${px(last[0])} ${px(baseline)} L${px(first[0])} ${px(baseline)} Z` : '';
    const area =
      kind === 'area' && closed
        ? svg`<path class="la-chart__area" d=${`${linePath(coords)} ${closed}`}
            fill=${s.color} fill-opacity="0.18" stroke="none"></path>`
        : nothing;
    const line = coords.length
      ? svg`<path class="la-chart__line" d=${linePath(coords)} fill="none" stroke=${s.color}
          stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round">${svgTitle(s.name)}</path>`
      : nothing;
    // Past a few dozen points markers are clutter; a single point has only its marker to show.
    const markers =
      placed.length <= MAX_MARKERS
        ? placed.map(
            ({ point, coord }) =>
              svg`<circle class="la-chart__dot" cx=${px(coord[0])} cy=${px(coord[1])} r="3.5"
                fill=${s.color}>${svgTitle(pointTitle(s, point))}</circle>`,
          )
        : nothing;
    return svg`<g class="la-chart__series">${area}${line}${markers}</g>`;
  });
}

function renderBars(
  series: PlotSeries[],
  placement: XPlacement,
  yOf: (y: number) => number,
  baseline: number,
): SVGTemplateResult[] {
  const group = placement.band * 0.8;
  const width = group / Math.max(1, series.length);
  return series.map((s, si) => {
    const bars = s.points.flatMap((p) => {
      const center = placement.at(p[0]);
      if (center === null) return [];
      const x = center - group / 2 + si * width;
      const y = yOf(p[1]);
      const top = Math.min(y, baseline);
      const height = Math.max(Math.abs(baseline - y), 0.5);
      return [
        svg`<rect class="la-chart__bar" x=${px(x + width * 0.06)} y=${px(top)} width=${px(width * 0.88)}
          height=${px(height)} rx="2" fill=${s.color}>${svgTitle(pointTitle(s, p))}</rect>`,
      ];
    });
    return svg`<g class="la-chart__series">${bars}</g>`;
  });
}

function renderAxes(
  yTicks: number[],
  yOf: (y: number) => number,
  placement: XPlacement,
  section: ChartSection,
): SVGTemplateResult {
  const grid = yTicks.map(
    (t) => svg`<line class="la-chart__grid" x1=${LEFT} x2=${RIGHT} y1=${px(yOf(t))} y2=${px(yOf(t))}></line>
      <text class="la-chart__tick" x=${LEFT - 8} y=${px(yOf(t))} text-anchor="end"
        dominant-baseline="middle">${formatCompact(t)}</text>`,
  );
  const xTicks = placement.ticks.map(
    (t) => svg`<line class="la-chart__axis" x1=${px(t.x)} x2=${px(t.x)} y1=${BOTTOM} y2=${BOTTOM + 5}></line>
      <text class="la-chart__tick" x=${px(t.x)} y=${BOTTOM + 20} text-anchor="middle">${t.label}</text>`,
  );
  const xTitle = section.xLabel
    ? svg`<text class="la-chart__label" x=${(LEFT + RIGHT) / 2} y=${HEIGHT - 8}
        text-anchor="middle">${section.xLabel}</text>`
    : nothing;
  const yMid = (TOP + BOTTOM) / 2;
  const yTitle = section.yLabel
    ? svg`<text class="la-chart__label" x="16" y=${yMid} text-anchor="middle"
        transform=${`rotate(-90 16 ${yMid})`}>${section.yLabel}</text>`
    : nothing;
  return svg`<g class="la-chart__axes">${grid}
    <line class="la-chart__axis" x1=${LEFT} x2=${RIGHT} y1=${BOTTOM} y2=${BOTTOM}></line>
    <line class="la-chart__axis" x1=${LEFT} x2=${LEFT} y1=${TOP} y2=${BOTTOM}></line>
    ${xTicks}${xTitle}${yTitle}</g>`;
}

function renderCartesian(
  kind: Exclude<ChartKind, 'funnel'>,
  section: ChartSection,
  series: PlotSeries[],
): ChartBody {
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  const empty = ys.length === 0;
  // Bars and areas are measured from zero, so zero must be on the axis; lines may float.
  const [yMin, yMax] = extent(kind === 'line' ? ys : [...ys, 0]) ?? [0, 1];
  const yTicks = niceTicks(yMin, yMax, 5);
  const yDomain: [number, number] = [yTicks[0] ?? 0, yTicks[yTicks.length - 1] ?? 1];
  const yOf = linearScale(yDomain, [BOTTOM, TOP]);
  const baseline = yOf(Math.min(Math.max(0, yDomain[0]), yDomain[1]));
  const placement = xPlacement(kind, series);
  const marks =
    kind === 'bar'
      ? renderBars(series, placement, yOf, baseline)
      : renderLines(kind, series, placement, yOf, baseline);
  const noData = empty
    ? svg`<text class="la-chart__empty" x=${(LEFT + RIGHT) / 2} y=${(TOP + BOTTOM) / 2}
        text-anchor="middle">No data</text>`
    : nothing;
  const axes = renderAxes(yTicks, yOf, placement, section);
  return { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, content: svg`${axes}${marks}${noData}` };
}

function renderLegend(series: PlotSeries[]): TemplateResult | typeof nothing {
  if (series.length === 0) return nothing;
  return html`<ul class="la-chart__legend">
    ${series.map(
      (s) =>
        html`<li><span class="la-chart__swatch" style=${`background-color:${s.color}`}></span>${s.name}</li>`,
    )}
  </ul>`;
}

function chartKind(value: unknown): ChartKind {
  return CHART_KINDS.find((k) => k === value) ?? 'line';
}

export function renderChart(section: ChartSection): TemplateResult {
  const kind = chartKind(section.chart);
  const all = plotSeries(section);
  const series = kind === 'funnel' ? all.filter((s) => s.points.length > 0).slice(0, 1) : all;
  const { viewBox, content } =
    kind === 'funnel' ? renderFunnel(series[0]) : renderCartesian(kind, section, series);
  const names = series.map((s) => s.name).join(', ');
  const label = `${section.title ? `${section.title}: ` : ''}${kind} chart${names ? ` of ${names}` : ''}`;
  return html`<figure class="la-chart la-chart--${kind}">
    <svg class="la-chart__svg" viewBox=${viewBox} role="img" aria-label=${label}
      preserveAspectRatio="xMidYMid meet">${svgTitle(label)}${content}</svg>
    ${renderLegend(series)}
  </figure>`;
}
