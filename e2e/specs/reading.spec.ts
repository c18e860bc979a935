import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { scrollSectionTo } from '../support/section-scroll.ts';
import { shoot } from '../support/shots.ts';
import { expect, expectNoPageErrors, openLive, section, test, upsertAll } from './fixtures.ts';

/*
 * Reading long and live pages: a 600-event timeline folded to its newest events, filtered,
 * linked to by event; the contents marking what changed since the page was opened; "N new
 * events above" and a polite announcement instead of silent growth; charts whose axis text stays
 * readable at 390 px with tooltips on hover; metrics that say "worse" when a p99 rises.
 */

const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
const SEVERITY = ['info', 'warning', 'critical', 'resolved'] as const;
const EVENTS = Array.from({ length: 600 }, (_, i) => ({
  id: `e${i}`,
  at: new Date(T0 + i * 17_000).toISOString(),
  title: i % 100 === 42 ? `Database failover step ${i}` : `Health check ${i}`,
  severity: SEVERITY[i % 4],
}));
const prose = (n: number) =>
  Array.from({ length: 4 }, (_, k) => `Paragraph ${k} of part ${n}. The checkout service retried every request three times, which tripled the load on the primary during the failover.`).join('\n\n');
const LATENCY = Array.from({ length: 90 }, (_, i) => [new Date(T0 + i * 60_000).toISOString(), Math.round(180 + 60 * Math.sin(i / 9) + (i > 60 ? 140 : 0))]);

const SECTIONS = [
  { id: 'summary', type: 'markdown', title: 'Summary', text: '- [x] page the on-call\n- [ ] write the postmortem\n\n```ts\nconst RETRIES = 1; // was 3\n```' },
  { id: 'kpis', type: 'metrics', title: 'Now', items: [{ label: 'p99', value: 420, unit: 'ms', delta: '+140', better: 'lower' }, { label: 'Success', value: '99.2%', delta: '+0.3%' }] },
  { id: 'latency', type: 'chart', title: 'p99 latency', chart: 'line', xLabel: 'time', yLabel: 'ms', series: [{ name: 'p99', points: LATENCY }] },
  { id: 'timeline', type: 'timeline', title: 'Timeline', events: EVENTS },
  ...Array.from({ length: 4 }, (_, i) => ({ id: `notes${i}`, type: 'markdown', title: `Notes ${i}`, text: prose(i) })),
];

// Four long walks through a 600-event page, each with screenshots at two widths, on a shared machine.
test.slow();

async function longIncident(api: { artifact(title: string, ops: unknown[]): Promise<string> }): Promise<string> {
  return api.artifact('Checkout incident', upsertAll(SECTIONS));
}

/** Visible x tick labels of a chart, as boxes. */
function xTickBoxes(page: Page, id: string) {
  return section(page, id).locator('.la-chart__tick--x').evaluateAll((els) =>
    els.filter((el) => getComputedStyle(el).display !== 'none').map((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, fontPx: parseFloat(getComputedStyle(el).fontSize), height: r.height };
    }),
  );
}

test('a 600-event timeline is folded to its newest events, filters, and opens at a linked event', async ({ page, api }) => {
  const id = await longIncident(api);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLive(page, id);
  const timeline = section(page, 'timeline');
  await expect(timeline.locator('.la-timeline__more')).toHaveText('Show 580 earlier events');
  await expect(timeline.locator('.la-timeline__event:visible')).toHaveCount(20);
  // Times with seconds in the reader's zone, UTC on hover, and a relative time that ticks.
  const last = timeline.locator('#event-e599');
  await expect(last.locator('time')).toHaveAttribute('title', /^2026-11-21 \d\d:\d\d:\d\d UTC$/);
  await expect(last.locator('time')).toHaveText(/^2026-11-21 \d\d:\d\d:\d\d /);
  await expect(last.locator('.la-ago')).toHaveText(/ago$/);
  await shoot(page, 'reading-timeline-folded');
  await expectNoSeriousAxeViolations(page);

  // Filter: critical only, then by text.
  await timeline.locator('.timeline-toolbar__sev[data-severity="critical"]').click();
  await expect(timeline.getByTestId('timeline-count')).toHaveText('150 of 600 events match');
  await timeline.getByTestId('timeline-filter-text').fill('failover');
  const critical = EVENTS.filter((e) => e.severity === 'critical' && e.title.includes('failover'));
  await expect(timeline.locator('.la-timeline__event')).toHaveCount(critical.length);
  await expect(timeline.locator('.la-timeline__title').first()).toHaveText(critical[0]!.title);
  await expect(timeline.locator('.la-ago').first()).toHaveText(/ago$/);
  await shoot(page, 'reading-timeline-filtered');
  await timeline.getByTestId('timeline-filter-text').fill('no such event');
  await expect(timeline.getByText('No events match this filter.')).toBeVisible();
  await shoot(page, 'reading-timeline-no-match');

  // A link to an old (folded) event opens the page there, unfolded and highlighted.
  await page.goto('about:blank');
  await page.goto(`/a/${id}#event-e37`);
  // A full load signs in again through the IdP (the link's fragment kept aside meanwhile).
  await expect(page.locator('la-live-view[data-synced]')).toBeAttached({ timeout: 30_000 });
  const target = page.locator('#event-e37');
  await expect(target).toBeInViewport();
  await expect(target).toHaveClass(/la-target/);
  // It stays in view while events arrive above it.
  await api.ops(id, [{ op: 'timeline.append', id: 'timeline', event: { id: 'early', at: new Date(T0 - 60_000).toISOString(), title: 'Earlier event' } }]);
  await expect(timeline.locator('#event-early')).toBeAttached();
  await expect(target).toBeInViewport();
  await shoot(page, 'reading-event-link');
  expectNoPageErrors(page);
});

test('the contents marks a section changed since opening; events arriving above are counted and announced', async ({ page, api }) => {
  const id = await longIncident(api);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLive(page, id);
  const contents = page.getByTestId('contents');
  await expect(contents).toBeVisible();
  await expect(contents.locator('.contents__link')).toHaveCount(SECTIONS.length);
  await expect(contents.locator('.contents__link.is-current')).toHaveAttribute('data-section-id', 'summary');

  // A section far below changes while the reader is at the top: marked in the contents.
  await api.ops(id, [{ op: 'text.append', id: 'notes3', text: '\n\nUpdate: the primary is healthy again.' }]);
  const notesLink = contents.locator('.contents__link[data-section-id="notes3"]');
  await expect(notesLink.getByTestId('contents-changed')).toBeVisible();
  await shoot(page, 'reading-contents-changed');
  // An event arriving in the timeline below the view: "1 new event below", with a way down.
  await api.ops(id, [{ op: 'timeline.append', id: 'timeline', event: { id: 'below1', at: new Date(T0 + 650 * 17_000).toISOString(), title: 'Replica promoted', severity: 'critical' } }]);
  await expect(page.getByTestId('new-below')).toContainText('1 new event below');
  await shoot(page, 'reading-new-below');
  await page.getByTestId('jump-to-new-below').click();
  await expect(page.locator('#event-below1')).toBeInViewport();
  await expect(page.getByTestId('new-below')).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  // Going there from the contents clears the mark and makes it the current section.
  await notesLink.click();
  await expect(section(page, 'notes3')).toBeInViewport();
  await expect(notesLink.getByTestId('contents-changed')).toHaveCount(0);
  await expect(notesLink).toHaveClass(/is-current/);

  // Reading below the timeline, new events arrive in it: a chip says so, and a polite region.
  await scrollSectionTo(page, 'notes1', 100);
  await api.ops(id, [1, 2, 3].map((k) => ({ op: 'timeline.append', id: 'timeline', event: { id: `new${k}`, at: new Date(T0 + 700 * 17_000 + k * 1000).toISOString(), title: `New event ${k}`, severity: 'warning' } })));
  await expect(page.getByTestId('new-above')).toContainText('3 new events above');
  await expect(page.getByTestId('events-announcer')).toHaveText(/^\d new events in Timeline$/);
  await expect(contents.locator('.contents__link[data-section-id="timeline"]').getByTestId('contents-changed')).toBeVisible();
  await shoot(page, 'reading-new-above');
  // "Jump to latest" goes to the newest event.
  await page.getByTestId('jump-latest').click();
  await expect(page.locator('#event-new3')).toBeInViewport();
  expectNoPageErrors(page);
});

test('at 390 px the contents is a button, chart text stays readable without overlaps, and tooltips work', async ({ page, api }) => {
  const id = await longIncident(api);
  await page.setViewportSize({ width: 1280, height: 800 });
  await openLive(page, id);
  const chart = section(page, 'latency');
  await chart.scrollIntoViewIfNeeded();

  // Desktop: readable, non-overlapping ticks on a real time axis.
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 844 });
    const boxes = await xTickBoxes(page, 'latency');
    expect(boxes.length, `${width}px: some x ticks`).toBeGreaterThanOrEqual(3);
    for (const box of boxes) expect(box.fontPx, `${width}px: tick font`).toBeGreaterThanOrEqual(10);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.left, `${width}px: tick ${i} clear of tick ${i - 1}`).toBeGreaterThan(boxes[i - 1]!.right);
  }
  await expect(chart.locator('.la-chart__label--x')).toHaveText(/^time \(/);

  // Hover (and tap) shows the nearest point: series, value and time.
  await page.setViewportSize({ width: 1280, height: 800 });
  await chart.scrollIntoViewIfNeeded();
  const plot = chart.locator('.la-chart__plot');
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.5);
  const tip = chart.locator('.la-chart__tip');
  await expect(tip).toBeVisible();
  await expect(tip).toHaveText(/^p99: \d+\d{2}/);
  await shoot(page, 'reading-chart-tooltip');
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height + 200);
  await expect(tip).toBeHidden();

  // Metrics: a rising p99 is worse, in words.
  await expect(section(page, 'kpis').locator('.la-delta--worse')).toContainText('worse');
  await expect(section(page, 'kpis').locator('.la-delta--worse .la-sr-only')).toHaveText('up +140, worse (lower is better)');
  // Markdown task list and highlighted fence.
  await expect(section(page, 'summary').locator('input.la-task__box[disabled]')).toHaveCount(2);
  await expect(section(page, 'summary').locator('pre code.hljs .hljs-keyword')).toHaveText('const');

  // Phone: the contents is one button that opens the list.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  const toggle = page.getByTestId('contents-toggle');
  await expect(toggle).toBeVisible();
  await expect(page.locator('.contents__list')).toBeHidden();
  await shoot(page, 'reading-phone-contents-closed');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('.contents__list')).toBeVisible();
  await page.screenshot({ path: shotPath('reading-phone-contents-open-390.png') });
  await page.locator('.contents__link[data-section-id="latency"]').click();
  await expect(chart).toBeInViewport();
  await expect(page.locator('.contents__list')).toBeHidden();
  await page.screenshot({ path: shotPath('reading-phone-chart-390.png') });
  expectNoPageErrors(page);
});

test('a frozen version keeps working without script: folded timeline, UTC times with seconds, chart labels', async ({ page, api }) => {
  const id = await longIncident(api);
  const version = await api.publish(id);
  const link = await api.versionLink(id, version);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(link);
  const root = page;
  const timeline = root.locator('section[data-section-id="timeline"]');
  await expect(timeline.locator('time').last()).toHaveText('2026-11-21 11:49:43 UTC');
  await expect(timeline.locator('.la-timeline__more')).toHaveText('Show 580 earlier events');
  await expect(timeline.locator('#event-e37')).toBeHidden();
  await timeline.locator('.la-timeline__more').click();
  await expect(timeline.locator('#event-e37')).toBeVisible();
  const ticks = root.locator('section[data-section-id="latency"] .la-chart__tick--x:visible');
  expect(await ticks.count()).toBeGreaterThanOrEqual(3);
  const font = await ticks.first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(font).toBeGreaterThanOrEqual(10);
  await page.screenshot({ path: shotPath('reading-frozen-390.png') });
});

/** axe-core over the reading aids (contents, timeline filter and fold, chart, metrics). */
async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).include('la-contents').include('la-section').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

function shotPath(name: string): string {
  return `${process.env['E2E_SHOTS_DIR'] ?? 'test-results/reading'}/${name}`;
}
