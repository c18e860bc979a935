import { render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { describe, expect, test } from 'vitest';
import type { ChartSection } from '../schema/types.ts';
import { NARROW_PLOT_PX, WIDE_PLOT_PX, xPlacement } from './chart-axis.ts';
import { labelWidthPx, thinTicks } from './chart-scale.ts';
import { isTimeAxis, niceTimeTicks, timeTickLabel } from './chart-time.ts';
import { placedPoints, plotSeries, renderChart } from './chart.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 21, 10, 0, 0);

function ssr(section: ChartSection): string {
  return collectResultSync(render(renderChart(section))).replace(/<!--[\s\S]*?-->/g, '').replace(/<\?>/g, '');
}

describe('time axis', () => {
  test('ISO strings and epoch milliseconds are times; small numbers and words are not', () => {
    expect(isTimeAxis(['2026-11-21T10:00:00Z', '2026-11-21T10:05:00Z'])).toBe(true);
    expect(isTimeAxis([T0, T0 + MIN])).toBe(true);
    expect(isTimeAxis([0, 1, 2])).toBe(false);
    expect(isTimeAxis(['mon', '2026-11-21T10:00:00Z'])).toBe(false);
    expect(isTimeAxis([])).toBe(false);
  });

  test('ticks fall on round minutes, hours and days', () => {
    expect(niceTimeTicks(T0 + 20_000, T0 + 47 * MIN, 11)).toEqual({ ticks: [5, 10, 15, 20, 25, 30, 35, 40, 45].map((m) => T0 + m * MIN), stepMs: 5 * MIN });
    const hours = niceTimeTicks(T0, T0 + 20 * 60 * MIN, 10);
    expect(hours.stepMs).toBe(3 * 60 * MIN);
    for (const t of hours.ticks) expect(t % (3 * 3_600_000)).toBe(0);
    const days = niceTimeTicks(T0, T0 + 6 * 86_400_000, 10);
    expect(days.stepMs).toBe(86_400_000);
    expect(timeTickLabel(days.ticks[0]!, days.stepMs, 'UTC')).toBe('22 Nov');
    expect(timeTickLabel(T0 + 5 * MIN, 5 * MIN, 'UTC')).toBe('10:05');
    expect(timeTickLabel(T0 + 30_000, 15_000, 'UTC')).toBe('10:00:30');
    expect(timeTickLabel(T0 + 5 * MIN, 5 * MIN, 'Asia/Kolkata')).toBe('15:35');
  });

  test('a time series chart is placed by time, labelled in UTC when frozen, and says so', () => {
    const points: [string, number][] = [0, 3, 4, 30, 60].map((m, i) => [new Date(T0 + m * MIN).toISOString(), 100 + i]);
    const section: ChartSection = { id: 'c', type: 'chart', chart: 'line', xLabel: 'time', series: [{ name: 'p99', points }] };
    const out = ssr(section);
    expect(out).toContain('<div class="la-chart__label la-chart__label--x">time (UTC)</div>');
    const labels = [...out.matchAll(/la-chart__tick--x[^"]*" style="[^"]*">([^<]*)</g)].map((m) => m[1]);
    expect(labels[0]).toBe('10:00');
    expect(labels).toContain('10:30');
    // placed by time, not evenly: minute 3 and minute 4 are close together, 30 is halfway
    const [a, b, c, , e] = placedPoints(section).map((p) => p.x);
    expect(b! - a!).toBeCloseTo((e! - a!) * (3 / 60), 5);
    expect(c! - b!).toBeCloseTo((e! - a!) * (1 / 60), 5);
    expect(placedPoints(section)[3]?.xText).toBe('21 Nov, 10:30:00');
  });
});

describe('tick thinning', () => {
  test('keeps every k-th tick so the labels fit side by side', () => {
    const ticks = Array.from({ length: 12 }, (_, i) => ({ label: `10:${String(i * 5).padStart(2, '0')}` }));
    const kept = thinTicks(ticks, 300);
    expect(kept.length * labelWidthPx('10:00')).toBeLessThanOrEqual(300);
    expect(kept[0]).toBe(ticks[0]);
    expect(thinTicks(ticks, 5000)).toHaveLength(12);
    expect(thinTicks([], 100)).toEqual([]);
  });

  test('a narrow chart keeps a subset of the wide chart ticks, and neither overlaps', () => {
    const categories = Array.from({ length: 24 }, (_, i) => [`service-${i}`, i] as [string, number]);
    const placement = xPlacement('bar', plotSeries({ id: 'c', type: 'chart', chart: 'bar', series: [{ name: 's', points: categories }] }), 'UTC');
    const wide = placement.ticks;
    const narrow = wide.filter((t) => !t.wideOnly);
    expect(narrow.length).toBeGreaterThan(0);
    expect(narrow.length).toBeLessThan(wide.length);
    const widest = labelWidthPx('service-10');
    expect(wide.length * widest).toBeLessThanOrEqual(WIDE_PLOT_PX);
    expect(narrow.length * widest).toBeLessThanOrEqual(NARROW_PLOT_PX);
  });
});
