import { createServer, type Server } from 'node:http';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/*
 * A frozen version cannot reach the network and runs no script, whatever its content tries.
 * Every hostile URL points at a loopback canary server; it must see no hit at all, and the page
 * must make no request besides its own document.
 */

let canary: Server;
let canaryHits: string[] = [];
let canaryUrl = '';

test.beforeAll(async () => {
  canary = createServer((req, res) => {
    canaryHits.push(`${req.method} ${req.url}`);
    res.end('pwned');
  });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  const address = canary.address();
  canaryUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
test.afterAll(async () => {
  await new Promise((resolve) => canary.close(resolve));
});
test.beforeEach(() => {
  canaryHits = [];
});

function hostileOps(c: string): unknown[] {
  return [
    { op: 'meta.set', title: `<script>location='${c}/title'</script>` },
    {
      op: 'section.upsert',
      section: {
        id: 'md',
        type: 'markdown',
        text: [
          `<img src=${c}/raw-img.png> <script>fetch('${c}/script-fetch')</script>`,
          `![tracking pixel](${c}/md-img.png) and a [link](${c}/link)`,
          `<style>@import url(${c}/import.css); body { background: url(${c}/bg.png) }</style>`,
          `<meta http-equiv="refresh" content="0;url=${c}/refresh"> <base href="${c}/">`,
          `<iframe src="${c}/frame"></iframe> <object data="${c}/object"></object>`,
          `<svg onload="fetch('${c}/svg-onload')"></svg> <img src=x onerror="new WebSocket('ws://127.0.0.1:1/ws')">`,
        ].join('\n\n'),
      },
    },
    {
      op: 'section.upsert',
      section: {
        id: 'ch',
        type: 'chart',
        xLabel: `</text><image href="${c}/chart-image.png"/><text>`,
        yLabel: `url(${c}/chart-url)`,
        series: [{ name: `<script>fetch('${c}/series')</script>`, points: [[1, 2], [2, 5]] }],
      },
    },
    { op: 'section.upsert', section: { id: 'img', type: 'image', src: 'data:image/png;base64,iVBORw0KGgo=', alt: `"><img src="${c}/alt.png">` } },
    { op: 'section.upsert', section: { id: 'tb', type: 'table', columns: [`@import "${c}/cell.css"`], rows: [[`<link rel=stylesheet href=${c}/cell-link.css>`]] } },
    { op: 'section.upsert', section: { id: 'tl', type: 'timeline', events: [{ at: '2026-11-21T10:00:00Z', title: `<img src=${c}/event.png>`, body: `![e](${c}/event-md.png)` }] } },
  ];
}

/** Opens a frozen version as its own page and records every request and console message. */
async function openFrozen(page: Page, url: string) {
  const requests: string[] = [];
  const console: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
  const response = await page.goto(url);
  // Give anything that might try (refresh, lazy images, scripts) time to do so.
  await page.waitForTimeout(1_500);
  return { requests, console, response };
}

test('a hostile frozen version makes no request but its own document and runs no script', async ({ page, api }) => {
  const id = await api.artifact('Hostile', hostileOps(canaryUrl));
  const version = await api.publish(id);
  const link = await api.versionLink(id, version);
  const { requests, response } = await openFrozen(page, link);
  expect(response?.status()).toBe(200);
  expect(requests).toEqual([link]);
  expect(canaryHits).toEqual([]);
  // The page is what we froze: the hostile text is visible as text, nothing executed.
  await expect(page.locator('body')).toContainText('tracking pixel');
  expect(page.url()).toBe(link);
  expect(await page.locator('script').count()).toBe(0);
  expect(await page.locator('img:not([src^="data:"])').count()).toBe(0);
});

test('the frozen file opened from disk is held by its own <meta> policy', async ({ page, api }) => {
  const id = await api.artifact('Hostile offline', hostileOps(canaryUrl));
  const version = await api.publish(id);
  const html = await (await fetch(await api.versionLink(id, version))).text();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  // As if opened from a file: no response headers at all, only the document's own markup.
  await page.setContent(html);
  await page.waitForTimeout(1_000);
  expect(requests.filter((u) => !u.startsWith('data:'))).toEqual([]);
  expect(canaryHits).toEqual([]);
});

test('a clean version renders without a single CSP violation', async ({ page, api }) => {
  const id = await api.artifact('Clean', [
    { op: 'meta.set', title: 'Release 2026.11', status: 'done', emoji: '✅' },
    { op: 'section.upsert', section: { id: 'm', type: 'markdown', text: '# Notes\n\nAll **good**, see [the runbook](#m).' } },
    { op: 'section.upsert', section: { id: 'c', type: 'chart', chart: 'area', xLabel: 'day', yLabel: 'req/s', series: [{ name: 'api', points: [[1, 3], [2, 5], [3, 4]] }] } },
    { op: 'section.upsert', section: { id: 'k', type: 'code', language: 'ts', code: 'const x: number = 1;' } },
    { op: 'section.upsert', section: { id: 'i', type: 'image', src: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', alt: 'pixel' } },
    { op: 'section.upsert', section: { id: 'x', type: 'metrics', items: [{ label: 'p99', value: 120, unit: 'ms', delta: -4 }] } },
  ]);
  const version = await api.publish(id);
  const link = await api.versionLink(id, version);
  const { console, requests } = await openFrozen(page, link);
  expect(console.filter((m) => /Content.Security.Policy|Refused to/i.test(m))).toEqual([]);
  expect(requests).toEqual([link]);
  await expect(page.locator('svg')).toHaveCount(1);
  await expect(page.locator('img[alt=pixel]')).toBeVisible();
  expect(await page.locator('img[alt=pixel]').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
});
