import type { Page } from '@playwright/test';
import { expect, expectNoPageErrors, openLive, section, test, trackPageErrors, upsertAll } from './fixtures.ts';

/*
 * On a 360 px phone the page never scrolls sideways: wide content (tables, long code lines)
 * scrolls inside its own box and charts shrink to fit.
 *
 * `documentElement.scrollWidth` alone is not enough, since the app shell clips horizontal
 * overflow (`overflow-x: clip` on la-app), which would hide content cut off at the edge.
 * So every element is also checked: it must fit the viewport, or sit inside a scrolling box
 * that does.
 */

const WIDTH = 360;
test.use({ viewport: { width: WIDTH, height: 740 }, isMobile: true, hasTouch: true });

const WIDE_TABLE = {
  id: 'table', type: 'table', title: 'Services',
  columns: ['service', 'region', 'p50 ms', 'p99 ms', 'errors', 'owner', 'on-call', 'last deploy', 'notes'],
  rows: [
    ['api-gateway-with-a-long-name', 'eu-west-1', 12, 340, 0.1, 'platform', 'alice', '2026-11-21T10:00:00Z', 'looks fine'],
    ['checkout', 'us-east-1', 30, 900, 2.4, 'payments', 'bob', '2026-11-21T09:00:00Z', 'a long prose note that explains in some detail what happened here and why'],
  ],
};
const LONG_CODE = {
  id: 'code', type: 'code', title: 'Patch', language: 'ts',
  code: `export const config = { retries: 3, timeoutMs: 2500, endpoint: "https://checkout.internal.example.com/api/v2/orders/submit?mode=strict&trace=1" }; // ${'x'.repeat(120)}`,
};
const CHART = {
  id: 'chart', type: 'chart', title: 'Latency', chart: 'line', xLabel: 'minute', yLabel: 'ms',
  series: [{ name: 'p99', points: Array.from({ length: 30 }, (_, i) => [i, 100 + ((i * 37) % 90)]) }, { name: 'p50', points: Array.from({ length: 30 }, (_, i) => [i, 40 + (i % 7)]) }],
};
const OTHERS = [
  { id: 'md', type: 'markdown', title: 'A very long title without spaces: SupercalifragilisticexpialidociousSupercalifragilisticexpialidocious', text: `Unbroken: ${'a'.repeat(200)}\n\nA link: https://example.com/${'segment/'.repeat(20)}\n\n\`\`\`\n${'wide fenced code '.repeat(20)}\n\`\`\`\n\n| a | b | c | d | e | f | g |\n|---|---|---|---|---|---|---|\n| ${'cell-content '.repeat(7).trim().split(' ').join(' | ')} |` },
  { id: 'metrics', type: 'metrics', items: [{ label: 'Error rate', value: 2.4, unit: '%', delta: '+0.3' }, { label: 'Latency p99', value: 340, unit: 'ms', delta: -12 }, { label: 'Users', value: 123456789 }, { label: 'Region', value: 'eu-west-1' }] },
  { id: 'timeline', type: 'timeline', events: [{ id: 'e1', at: '2026-11-21T10:00:00Z', title: `Alert ${'fired'.repeat(20)}`, severity: 'critical', actor: 'pagerduty-integration' }] },
  { id: 'checklist', type: 'checklist', items: [{ id: 'a', text: `Roll back ${'z'.repeat(80)}`, done: false, owner: 'alice' }] },
  { id: 'bars', type: 'chart', chart: 'bar', series: [{ name: 'count', points: Array.from({ length: 12 }, (_, i) => [`category-${i}`, i * 3]) }] },
];

/** Elements that stick out of the viewport without a scrolling ancestor that fits. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const limit = document.documentElement.clientWidth + 0.5;
    const scrolls = (el: Element) => /^(auto|scroll|hidden|clip)$/.test(getComputedStyle(el).overflowX);
    const fits = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.right <= limit && r.left >= -0.5;
    };
    const bad: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (fits(el)) continue;
      let parent = el.parentElement;
      let contained = false;
      while (parent && parent.tagName !== 'LA-APP' && parent !== document.body) {
        if (scrolls(parent)) {
          contained = fits(parent);
          break;
        }
        parent = parent.parentElement;
      }
      if (!contained) {
        const host = el.closest<HTMLElement>('la-section');
        bad.push(`${host ? `[${host.dataset['sectionId']}] ` : ''}${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
      }
    }
    return bad;
  });
}

const pageWidth = (page: Page) => page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, bodyScrollWidth: document.body.scrollWidth }));

test('the live view fits a 360 px screen: wide content scrolls in its own box', async ({ page, api }) => {
  const id = await api.artifact('A phone-sized incident report with a fairly long title', upsertAll([WIDE_TABLE, LONG_CODE, CHART, ...OTHERS]));
  await openLive(page, id);
  await expect(page.locator('la-section')).toHaveCount(3 + OTHERS.length);

  expect((await pageWidth(page)).scrollWidth).toBeLessThanOrEqual(WIDTH);
  expect((await pageWidth(page)).bodyScrollWidth).toBeLessThanOrEqual(WIDTH);
  expect(await overflowing(page)).toEqual([]);

  // The wide table and the long code line really are wider than the screen, and scroll inside.
  const table = section(page, 'table').locator('.la-table-wrap');
  const tableBox = await table.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
  expect(tableBox.scroll).toBeGreaterThan(tableBox.client);
  expect(tableBox.right).toBeLessThanOrEqual(WIDTH);
  const pre = section(page, 'code').locator('pre');
  const preBox = await pre.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
  expect(preBox.scroll).toBeGreaterThan(preBox.client);
  expect(preBox.right).toBeLessThanOrEqual(WIDTH);

  // Charts shrink to the column instead of keeping their 600 px drawing size.
  for (const chart of ['chart', 'bars']) {
    const svg = await section(page, chart).locator('svg.la-chart__svg').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, width: r.width };
    });
    expect(svg.left).toBeGreaterThanOrEqual(0);
    expect(svg.right).toBeLessThanOrEqual(WIDTH);
    expect(svg.width).toBeGreaterThan(WIDTH / 2);
  }

  // The top bar and its status pill stay on screen.
  await expect(page.getByTestId('connection-status')).toBeInViewport({ ratio: 1 });

  // Still true after live updates make things wider.
  await api.ops(id, [
    { op: 'table.append', id: 'table', rows: [['a-service-with-an-even-longer-name-than-before', 'ap-southeast-2', 1, 2, 3, 'x', 'y', 'z', 'w']] },
    { op: 'text.append', id: 'md', text: `\n\n${'b'.repeat(300)}` },
    { op: 'chart.append', id: 'chart', series: 'p999', points: [[30, 1_000_000]] },
  ]);
  await expect(section(page, 'table').locator('tbody tr')).toHaveCount(3);
  await expect(section(page, 'chart').locator('.la-chart__legend li')).toHaveCount(3);
  expect((await pageWidth(page)).scrollWidth).toBeLessThanOrEqual(WIDTH);
  expect(await overflowing(page)).toEqual([]);
  expectNoPageErrors(page);
});

test('the gallery, the not-found page and the error message fit a 360 px screen', async ({ page, api }) => {
  trackPageErrors(page);
  await api.artifact(`Gallery entry with a title that goes on ${'and on '.repeat(12)}`, []);
  await api.artifact(`Unbroken${'x'.repeat(120)}`, []);
  for (const path of ['/', '/no/such/page/with/a/rather/long/path/that/would/not/fit/on/one/line', '/a/zzzzzzzzzzzzzzzz']) {
    await page.goto(path);
    await expect(page.locator('[data-testid=gallery], [data-testid=not-found], [data-testid=live-problem]')).toBeVisible();
    expect((await pageWidth(page)).scrollWidth, path).toBeLessThanOrEqual(WIDTH);
    expect(await overflowing(page), path).toEqual([]);
  }
  expectNoPageErrors(page);
});
