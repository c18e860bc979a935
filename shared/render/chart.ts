import { html, nothing, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { ChartKind, ChartPoint, ChartSection, ChartSeries } from '../schema/types.ts';
import { CHART_KINDS } from '../schema/types.ts';
import { PLOT, xPlacement, yAxis, type XPlacement } from './chart-axis.ts';
import { renderFunnel } from './chart-funnel.ts';
import { formatCompact, px, seriesColor } from './chart-scale.ts';
import { zoneName } from './chart-time.ts';
import type { RenderOptions } from './render-options.ts';
import { svgTitle } from './svg-title.ts';

/** What a chart kind draws: the viewBox and the marks inside it. */
export interface ChartBody {
  viewBox: string;
  content: SVGTemplateResult;
  /** Axis labels, as HTML over the SVG so their text keeps its size when the SVG scales. */
  labels?: TemplateResult;
}

/** A series with its colour and only the points that can be drawn. */
export interface PlotSeries {
  name: string;
  color: string;
  points: ChartPoint[];
}

/** One drawn point, in viewBox units, with what a tooltip says about it. */
export interface PlacedPoint {
  x: number;
  y: number;
  series: string;
  color: string;
  xText: string;
  yText: string;
}

const MAX_MARKERS = 40;

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

function chartKind(value: unknown): ChartKind {
  return CHART_KINDS.find((k) => k === value) ?? 'line';
}

/** Percent of the viewBox, for HTML placed over the SVG. */
function pct(value: number, of: number): string {
  return `${px((value / of) * 100)}%`;
}

/**
 * Every drawable point of a line, area or bar chart where it is drawn, for the live page's
 * tooltips (the same placement as the marks, so the nearest point is the one under the finger).
 */
export function placedPoints(section: ChartSection, options: RenderOptions = {}): PlacedPoint[] {
  const kind = chartKind(section.chart);
  if (kind === 'funnel') return [];
  const series = plotSeries(section);
  const placement = xPlacement(kind, series, options.timeZone ?? 'UTC');
  const y = yAxis(kind, series);
  const group = placement.band * 0.8;
  const width = group / Math.max(1, series.length);
  return series.flatMap((s, si) =>
    s.points.flatMap(([px0, py]) => {
      const at = placement.at(px0);
      if (at === null) return [];
      const x = kind === 'bar' ? at - group / 2 + si * width + width / 2 : at;
      return [{ x, y: y.of(py), series: s.name, color: s.color, xText: placement.text(px0), yText: formatCompact(py) }];
    }),
  );
}

function linePath(coords: [number, number][]): string {
  return coords.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x)} ${px(y)}`).join(' ');
}

function pointTitle(s: PlotSeries, placement: XPlacement, [x, y]: ChartPoint): string {
  return `${s.name}: ${placement.text(x)}, ${formatCompact(y)}`;
}

function renderLines(kind: 'line' | 'area', series: PlotSeries[], placement: XPlacement, yOf: (y: number) => number, baseline: number): SVGTemplateResult[] {
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
          stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round" vector-effect="non-scaling-stroke">${svgTitle(s.name)}</path>`
      : nothing;
    // Past a few dozen points markers are clutter; a single point has only its marker to show.
    const markers =
      placed.length <= MAX_MARKERS
        ? placed.map(
            ({ point, coord }) =>
              svg`<circle class="la-chart__dot" cx=${px(coord[0])} cy=${px(coord[1])} r="3.5"
                fill=${s.color}>${svgTitle(pointTitle(s, placement, point))}</circle>`,
          )
        : nothing;
    return svg`<g class="la-chart__series">${area}${line}${markers}</g>`;
  });
}

function renderBars(series: PlotSeries[], placement: XPlacement, yOf: (y: number) => number, baseline: number): SVGTemplateResult[] {
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
          height=${px(height)} rx="2" fill=${s.color}>${svgTitle(pointTitle(s, placement, p))}</rect>`,
      ];
    });
    return svg`<g class="la-chart__series">${bars}</g>`;
  });
}

function renderGrid(yTicks: number[], yOf: (y: number) => number, placement: XPlacement): SVGTemplateResult {
  const grid = yTicks.map((t) => svg`<line class="la-chart__grid" x1=${PLOT.left} x2=${PLOT.right} y1=${px(yOf(t))} y2=${px(yOf(t))}></line>`);
  const marks = placement.ticks.map(
    (t) => svg`<line class="la-chart__axis ${t.wideOnly ? 'la-chart__wide-only' : ''}" x1=${px(t.x)} x2=${px(t.x)} y1=${PLOT.bottom} y2=${PLOT.bottom + 5}></line>`,
  );
  return svg`<g class="la-chart__axes">${grid}
    <line class="la-chart__axis" x1=${PLOT.left} x2=${PLOT.right} y1=${PLOT.bottom} y2=${PLOT.bottom}></line>
    <line class="la-chart__axis" x1=${PLOT.left} x2=${PLOT.left} y1=${PLOT.top} y2=${PLOT.bottom}></line>${marks}</g>`;
}

function renderTickLabels(yTicks: number[], yOf: (y: number) => number, placement: XPlacement): TemplateResult {
  const { width: W, height: H } = PLOT;
  const ys = yTicks.map(
    (t) => html`<span class="la-chart__tick la-chart__tick--y" style=${`right:${pct(W - PLOT.left + 6, W)};top:${pct(yOf(t), H)}`}>${formatCompact(t)}</span>`,
  );
  const xs = placement.ticks.map(
    (t) => html`<span class="la-chart__tick la-chart__tick--x ${t.wideOnly ? 'la-chart__wide-only' : ''}" style=${`left:${pct(t.x, W)};top:${pct(PLOT.bottom, H)}`}>${t.label}</span>`,
  );
  return html`<div class="la-chart__labels" aria-hidden="true">${ys}${xs}</div>`;
}

function renderCartesian(kind: Exclude<ChartKind, 'funnel'>, series: PlotSeries[], options: RenderOptions): ChartBody & { placement: XPlacement } {
  const y = yAxis(kind, series);
  const placement = xPlacement(kind, series, options.timeZone ?? 'UTC');
  const marks = kind === 'bar' ? renderBars(series, placement, y.of, y.baseline) : renderLines(kind, series, placement, y.of, y.baseline);
  const noData = y.empty
    ? svg`<text class="la-chart__empty" x=${(PLOT.left + PLOT.right) / 2} y=${(PLOT.top + PLOT.bottom) / 2} text-anchor="middle">No data</text>`
    : nothing;
  return {
    viewBox: `0 0 ${PLOT.width} ${PLOT.height}`,
    content: svg`${renderGrid(y.ticks, y.of, placement)}${marks}${noData}`,
    labels: renderTickLabels(y.ticks, y.of, placement),
    placement,
  };
}

function renderLegend(series: PlotSeries[]): TemplateResult | typeof nothing {
  if (series.length === 0) return nothing;
  return html`<ul class="la-chart__legend">
    ${series.map((s) => html`<li><span class="la-chart__swatch" style=${`background-color:${s.color}`}></span>${s.name}</li>`)}
  </ul>`;
}

/**
 * A chart as inline SVG for the marks and HTML for the axis text: the SVG scales to the column,
 * the labels keep their font size (readable at 390 px), and ticks that would overlap on a narrow
 * chart are hidden by a container query, so frozen pages need no script for any of it.
 */
export function renderChart(section: ChartSection, options: RenderOptions = {}): TemplateResult {
  const kind = chartKind(section.chart);
  const all = plotSeries(section);
  const series = kind === 'funnel' ? all.filter((s) => s.points.length > 0).slice(0, 1) : all;
  const body = kind === 'funnel' ? { ...renderFunnel(series[0]), placement: undefined } : renderCartesian(kind, series, options);
  const names = series.map((s) => s.name).join(', ');
  const label = `${section.title ? `${section.title}: ` : ''}${kind} chart${names ? ` of ${names}` : ''}`;
  const zone = body.placement?.timeZone;
  const xTitle = section.xLabel || zone ? `${section.xLabel ?? 'time'}${zone ? ` (${zoneName(zone)})` : ''}` : '';
  const tooltips = options.chartTooltips && kind !== 'funnel';
  return html`<figure class="la-chart la-chart--${kind}">
    ${section.yLabel && kind !== 'funnel' ? html`<div class="la-chart__label la-chart__label--y">${section.yLabel}</div>` : nothing}
    <div class="la-chart__plot">
      <svg class="la-chart__svg" viewBox=${body.viewBox} role="img" aria-label=${label}
        preserveAspectRatio="xMidYMid meet">${svgTitle(label)}${body.content}</svg>
      ${body.labels ?? nothing}
      ${tooltips ? html`<div class="la-chart__tip" hidden></div>` : nothing}
    </div>
    ${xTitle && kind !== 'funnel' ? html`<div class="la-chart__label la-chart__label--x">${xTitle}</div>` : nothing}
    ${renderLegend(series)}
  </figure>`;
}
