import { render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { describe, expect, test } from 'vitest';
import type { ChartSection } from '../schema/types.ts';
import { renderChart } from './chart.ts';

/** SSR output without lit's hydration comments. */
function ssr(section: ChartSection): string {
  return collectResultSync(render(renderChart(section)))
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\?>/g, '');
}

function count(haystack: string, needle: RegExp): number {
  return haystack.match(new RegExp(needle.source, 'g'))?.length ?? 0;
}

function chart(partial: Partial<ChartSection>): ChartSection {
  return { id: 'c', type: 'chart', chart: 'line', series: [], ...partial };
}

const TWO_SERIES = [
  { name: 'p50', points: [[0, 120], [60, 180], [120, 140]] },
  { name: 'p99', points: [[0, 900], [60, 2400], [120, 1100]] },
] satisfies ChartSection['series'];

describe('chart', () => {
  test('a line chart draws one path per series, axis labels, legend and accessible names', () => {
    const out = ssr(chart({ title: 'Latency', xLabel: 'seconds', yLabel: 'ms', series: TWO_SERIES }));
    expect(count(out, /<path /)).toBe(2);
    expect(out).toMatch(/<svg class="la-chart__svg" viewBox="0 0 \d+ \d+" role="img" aria-label="Latency: line chart of p50, p99"/);
    // axis titles and ticks are HTML over the SVG, so their text does not shrink with it
    expect(out).toContain('<div class="la-chart__label la-chart__label--x">seconds</div>');
    expect(out).toContain('<div class="la-chart__label la-chart__label--y">ms</div>');
    expect(out).toMatch(/<li><span class="la-chart__swatch" style="background-color:#[0-9a-f]{6}"><\/span>p50<\/li>/);
    expect(out).toContain('<title>Latency: line chart of p50, p99</title>');
    expect(out).toContain('<title>p99: 60, 2.4k</title>');
    // y ticks are compact and nice
    expect(out).toMatch(/<span class="la-chart__tick la-chart__tick--y" style="[^"]*">2.5k<\/span>/);
    expect(out).not.toMatch(/NaN|Infinity|undefined/);
  });

  test('each series gets its own colour', () => {
    const out = ssr(chart({ series: TWO_SERIES }));
    const strokes = [...out.matchAll(/<path class="la-chart__line"[^>]*stroke="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    expect(strokes).toHaveLength(2);
    expect(new Set(strokes).size).toBe(2);
  });

  test('empty series and an empty chart render without NaN', () => {
    for (const series of [[], [{ name: 'none', points: [] }]]) {
      for (const kind of ['line', 'bar', 'area', 'funnel'] as const) {
        const out = ssr(chart({ chart: kind, series }));
        expect(out).toContain('<svg');
        expect(out).toContain('No data');
        expect(out).not.toMatch(/NaN|Infinity|undefined/);
      }
    }
  });

  test('a single point is drawn as a marker without NaN', () => {
    for (const kind of ['line', 'bar', 'area', 'funnel'] as const) {
      const out = ssr(chart({ chart: kind, series: [{ name: 'only', points: [[5, 42]] }] }));
      expect(out).not.toMatch(/NaN|Infinity|undefined/);
      expect(out).toMatch(/<(circle|rect) /);
    }
  });

  test('string x values become categories in first-seen order', () => {
    const out = ssr(
      chart({
        chart: 'bar',
        series: [
          { name: 'eu', points: [['mon', 3], ['tue', 5]] },
          { name: 'us', points: [['mon', 4], ['wed', 1]] },
        ],
      }),
    );
    expect(count(out, /<rect class="la-chart__bar"/)).toBe(4);
    const labels = [...out.matchAll(/<span class="la-chart__tick la-chart__tick--x\s*[^"]*" style="[^"]*">([^<]*)<\/span>/g)].map((m) => m[1]);
    expect(labels).toEqual(['mon', 'tue', 'wed']);
  });

  test('a bar with a negative value grows down from zero', () => {
    const out = ssr(chart({ chart: 'bar', series: [{ name: 'net', points: [['a', -5], ['b', 10]] }] }));
    const heights = [...out.matchAll(/<rect class="la-chart__bar"[^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(2);
    for (const h of heights) expect(h).toBeGreaterThan(0);
  });

  test('an area chart fills down to the baseline', () => {
    const out = ssr(chart({ chart: 'area', series: [{ name: 'rps', points: [[1, 10], [2, 30]] }] }));
    expect(out).toMatch(/<path class="la-chart__area" d="M[^"]+Z"/);
    expect(out).toMatch(/<path class="la-chart__line"/);
  });

  test('a funnel shows each stage with its share of the first', () => {
    const out = ssr(
      chart({
        chart: 'funnel',
        series: [{ name: 'signup', points: [['visit', 1000], ['form', 400], ['done', 120]] }],
      }),
    );
    expect(count(out, /<rect class="la-chart__bar"/)).toBe(3);
    expect(out).toContain('>1k (100%)<');
    expect(out).toContain('>400 (40%)<');
    expect(out).toContain('>120 (12%)<');
    expect(out).toContain('>visit<');
  });

  test('series names are escaped in text, titles and attributes', () => {
    const evil = '</title><script>alert(1)</script>"x';
    const out = ssr(chart({ title: evil, xLabel: '<b>x</b>', series: [{ name: evil, points: [[1, 1], [2, 2]] }] }));
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toContain('<b>');
    expect(out).toContain('&lt;/title&gt;&lt;script&gt;');
  });

  test('a long series is drawn as one path without a marker per point', () => {
    const points = Array.from({ length: 200_000 }, (_, i): [number, number] => [i, Math.sin(i / 100)]);
    const out = ssr(chart({ series: [{ name: 'wave', points }] }));
    expect(count(out, /<path /)).toBe(1);
    expect(count(out, /<circle /)).toBe(0);
  });

  test('malformed points are skipped, not drawn as NaN', () => {
    const broken = [null, { name: 's', points: [[1, 2], [2, Number.NaN], ['x'], null, [3, 4]] }] as unknown as ChartSection['series'];
    const out = ssr(chart({ series: broken }));
    expect(out).not.toMatch(/NaN|undefined/);
    expect(count(out, /<circle /)).toBe(2);
  });
});
