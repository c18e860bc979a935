import { svg } from 'lit';
import type { ChartBody, PlotSeries } from './chart.ts';
import { extent, formatCompact, px, shortLabel } from './chart-scale.ts';
import { svgTitle } from './svg-title.ts';

const WIDTH = 600;
const ROW = 44;
const PAD = 8;
const LABEL_RIGHT = 170;
const BAR_LEFT = 180;
const BAR_RIGHT = WIDTH - 12;

/**
 * A funnel draws one series: each point is a stage `[label, count]`, shown as a bar centred on
 * a common axis with its share of the first stage.
 */
export function renderFunnel(series: PlotSeries | undefined): ChartBody {
  const stages = series?.points ?? [];
  const height = Math.max(ROW, stages.length * ROW) + PAD * 2;
  const viewBox = `0 0 ${WIDTH} ${height}`;
  if (!series || stages.length === 0) {
    return {
      viewBox,
      content: svg`<text class="la-chart__empty" x=${WIDTH / 2} y=${height / 2} text-anchor="middle"
        dominant-baseline="middle">No data</text>`,
    };
  }
  const max = Math.max(0, extent(stages.map(([, y]) => y))?.[1] ?? 0);
  const first = stages[0]?.[1] ?? 0;
  const center = (BAR_LEFT + BAR_RIGHT) / 2;
  const full = BAR_RIGHT - BAR_LEFT;
  const rows = stages.map(([x, y], i) => {
    const width = max > 0 ? Math.max((Math.max(0, y) / max) * full, 2) : 2;
    const top = PAD + i * ROW;
    const mid = top + ROW / 2;
    const share = first > 0 ? ` (${Math.round((y / first) * 100)}%)` : '';
    const label = typeof x === 'number' ? formatCompact(x) : x;
    const value = `${formatCompact(y)}${share}`;
    return svg`<g class="la-chart__stage">
      ${svgTitle(`${label}: ${value}`)}
      <rect class="la-chart__bar" x=${px(center - width / 2)} y=${top + 4} width=${px(width)}
        height=${ROW - 8} rx="3" fill=${series.color}></rect>
      <text class="la-chart__tick" x=${LABEL_RIGHT} y=${mid} text-anchor="end"
        dominant-baseline="middle">${shortLabel(label, 22)}</text>
      <text class="la-chart__value" x=${center} y=${mid} text-anchor="middle"
        dominant-baseline="middle" stroke=${series.color}>${value}</text>
    </g>`;
  });
  return { viewBox, content: svg`${rows}` };
}
