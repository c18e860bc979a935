import type { BrowserContextOptions, Page } from '@playwright/test';
import { DESKTOP_VIEWPORT, expectNoSeriousA11yViolationsAtBothWidths, PHONE_VIEWPORT, settle } from '../support/axe.ts';
import { expectKeyboardReachable } from '../support/keyboard.ts';
import { TEMPLATE_NAMES } from '../../shared/templates/index.ts';
import { setFeatureEnabled } from '../support/org-policy.ts';
import { shoot } from '../support/shots.ts';
import { expect, openLive, test, upsertAll, type Api } from './fixtures.ts';

/*
 * Every page and state of the app, checked by axe-core (WCAG 2.0/2.1 A and AA plus best
 * practices) at desktop width and at 390 px: no serious or critical violation. Each page is also
 * walked with Tab: every control it offers takes focus and is visible with a focus indicator.
 *
 * To check a new page, add an entry to PAGES: who is signed in, how to get to the state, and
 * what shows it is there.
 */

const PNG_PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** One section of every type the document knows, so the live and frozen renderers are both covered. */
const EVERY_SECTION = [
  { id: 'md', type: 'markdown', title: 'Summary', text: 'Checkout errors rose at **10:02**. See [the runbook](https://example.com/runbook).\n\n- first\n- second\n\n`inline code`' },
  { id: 'callout-warn', type: 'callout', tone: 'warning', title: 'Customer impact', text: 'About 4% of checkouts failed.' },
  { id: 'callout-ok', type: 'callout', tone: 'success', text: 'Rolled back.' },
  { id: 'callout-danger', type: 'callout', tone: 'danger', text: 'Data loss risk.' },
  { id: 'callout-info', type: 'callout', tone: 'info', text: 'For your information.' },
  { id: 'metrics', type: 'metrics', title: 'Now', items: [{ label: 'Error rate', value: 2.4, unit: '%', delta: '+0.3' }, { label: 'p99', value: 340, unit: 'ms', delta: -12 }, { label: 'Region', value: 'eu-west-1' }] },
  {
    id: 'timeline', type: 'timeline', title: 'Timeline',
    events: [
      { id: 'e1', at: '2026-11-21T10:00:00Z', title: 'Alert fired', severity: 'critical', actor: 'pagerduty' },
      { id: 'e2', at: '2026-11-21T10:05:00Z', title: 'Investigating', severity: 'warning', body: 'Looking at the gateway.' },
      { id: 'e3', at: '2026-11-21T10:10:00Z', title: 'Noted', severity: 'info' },
      { id: 'e4', at: '2026-11-21T10:30:00Z', title: 'Resolved', severity: 'resolved' },
    ],
  },
  { id: 'checklist', type: 'checklist', title: 'Follow-ups', items: [{ id: 'a', text: 'Roll back', done: true, owner: 'alice' }, { id: 'b', text: 'Write postmortem', done: false }] },
  { id: 'table', type: 'table', title: 'Services', columns: ['service', 'p99 ms', 'errors'], rows: [['api', 340, 0.1], ['checkout', 900, 2.4]] },
  { id: 'code', type: 'code', title: 'Patch', language: 'ts', code: 'export const retries = 3;\nexport const timeoutMs = 2500;' },
  { id: 'diff', type: 'code', title: 'The fix', language: 'diff', diff: '--- a/config.ts\n+++ b/config.ts\n@@ -1,2 +1,2 @@\n-export const retries = 5;\n+export const retries = 3;\n export const timeoutMs = 2500;' },
  { id: 'line', type: 'chart', title: 'Latency', chart: 'line', xLabel: 'minute', yLabel: 'ms', series: [{ name: 'p99', points: Array.from({ length: 12 }, (_, i) => [i, 100 + ((i * 37) % 90)]) }, { name: 'p50', points: Array.from({ length: 12 }, (_, i) => [i, 40 + (i % 7)]) }] },
  { id: 'bar', type: 'chart', title: 'Errors by service', chart: 'bar', series: [{ name: 'errors', points: [['api', 3], ['checkout', 12], ['search', 1]] }] },
  { id: 'area', type: 'chart', title: 'Traffic', chart: 'area', series: [{ name: 'rps', points: Array.from({ length: 8 }, (_, i) => [i, 50 + i * 5]) }] },
  { id: 'funnel', type: 'chart', title: 'Checkout funnel', chart: 'funnel', series: [{ name: 'users', points: [['visit', 1000], ['cart', 400], ['pay', 120]] }] },
  { id: 'image', type: 'image', title: 'Screenshot', src: PNG_PIXEL, alt: 'A one-pixel screenshot' },
];

interface Fixture {
  id: string;
  /** Published twice (the second after an edit), so history and diff have something to show. */
  versions: [number, number];
}

let shared: Promise<Fixture> | undefined;
/** The artifact most pages show, made once per run by alice's agent. */
function fixtureArtifact(api: Api): Promise<Fixture> {
  shared ??= (async () => {
    const id = await api.artifact('Checkout errors — accessibility walkthrough', upsertAll(EVERY_SECTION));
    const v1 = await api.publish(id, { message: 'First look' });
    await api.ops(id, [
      { op: 'text.append', id: 'md', text: '\n\nRoot cause: a retry storm.' },
      { op: 'section.remove', id: 'callout-info' },
      { op: 'section.upsert', after: 'md', section: { id: 'added', type: 'markdown', title: 'Added later', text: 'New findings.' } },
    ]);
    const v2 = await api.publish(id, { message: 'Root cause' });
    return { id, versions: [v1, v2] };
  })();
  return shared;
}

interface Visit {
  page: Page;
  api: Api;
  fixture: () => Promise<Fixture>;
  server: { url: string; token(user: string): Promise<string> };
}

interface A11yPage {
  name: string;
  /** Signed in as this demo user (default alice); `null` for a browser nobody signed in on. */
  user?: string | null;
  /** Gets the page into the state and waits until it shows. */
  visit: (v: Visit) => Promise<void>;
  /** Put back whatever `visit` changed on the shared server. */
  cleanup?: (v: Visit) => Promise<void>;
  /** Walk it with Tab (default true); `scope` limits which controls must be reached. */
  keyboard?: boolean | { scope: string };
  /** Checked for axe violations in this part only (e.g. an open dialog). */
  include?: string;
  /** Options of the fresh browser context a `user: null` page opens in. */
  context?: BrowserContextOptions;
}

/** Every page and state: add new ones here. */
const PAGES: A11yPage[] = [
  {
    name: 'gallery',
    visit: async ({ page, api }) => {
      await fixtureArtifact(api);
      await page.goto('/');
      await expect(page.getByTestId('gallery')).toBeVisible();
    },
  },
  {
    // carol (globex) sees none of acme's artifacts: an empty gallery, unless another spec on
    // this worker's server gave her some (then it is checked as it is).
    name: 'gallery-empty',
    user: 'carol',
    visit: async ({ page }) => {
      await page.goto('/');
      await expect(page.locator('[data-testid=gallery-empty], [data-testid=gallery]')).toBeVisible();
    },
  },
  {
    name: 'gallery-no-match',
    visit: async ({ page }) => {
      await page.goto('/?q=zz-nothing-is-called-this');
      await expect(page.getByTestId('gallery-no-match')).toBeVisible();
    },
  },
  {
    name: 'live-every-section',
    visit: async ({ page, fixture }) => {
      await openLive(page, (await fixture()).id);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');
    },
  },
  {
    name: 'share-dialog',
    visit: async ({ page, fixture }) => {
      await openLive(page, (await fixture()).id);
      await page.getByTestId('share-button').click();
      await expect(page.getByTestId('share-dialog')).toBeVisible();
      await expect(page.getByTestId('share-save')).toBeAttached();
    },
    keyboard: { scope: '[data-testid=share-dialog]' },
  },
  {
    name: 'history',
    visit: async ({ page, fixture }) => {
      await page.goto(`/a/${(await fixture()).id}/history`);
      await expect(page.getByTestId('version-row')).toHaveCount(2);
    },
  },
  {
    name: 'version',
    visit: async ({ page, fixture }) => {
      await page.goto(`/a/${(await fixture()).id}/v/1`);
      await expect(page.frameLocator('[data-testid=version-frame]').locator('body')).toContainText('Checkout errors');
    },
  },
  {
    name: 'diff',
    visit: async ({ page, fixture }) => {
      const { id, versions } = await fixture();
      await page.goto(`/a/${id}/diff?from=${versions[0]}&to=${versions[1]}`);
      await expect(page.getByTestId('diff')).toBeVisible();
    },
  },
  {
    // Opened directly, as a signed link is. Its policy (`script-src 'none'`, sandbox) would stop
    // axe itself from running, so this browser ignores the page's CSP; the markup is the same.
    name: 'frozen-usercontent',
    user: null,
    context: { bypassCSP: true },
    visit: async ({ page, api, fixture }) => {
      const { id, versions } = await fixture();
      await page.goto(await api.versionLink(id, versions[1]));
      await expect(page.locator('body')).toContainText('Root cause');
    },
  },
  {
    name: 'admin',
    user: 'adam',
    visit: async ({ page }) => {
      await page.goto('/admin');
      await expect(page.getByTestId('policy-form')).toBeVisible();
    },
  },
  {
    name: 'audit',
    user: 'audrey',
    visit: async ({ page, fixture }) => {
      await fixture();
      await page.goto('/audit');
      await expect(page.getByTestId('events-table')).toBeVisible();
    },
  },
  {
    name: 'idp-sign-in',
    user: null,
    visit: async ({ page }) => {
      await page.goto('/');
      await expect(page.locator('input[name="username"]')).toBeVisible();
    },
  },
  {
    name: 'signed-out',
    visit: async ({ page }) => {
      await page.goto('/');
      await page.getByTestId('sign-out').click();
      await expect(page.locator('input[name="username"], [data-testid=signed-out]').first()).toBeVisible();
    },
  },
  {
    name: 'not-found-artifact',
    visit: async ({ page }) => {
      await page.goto('/a/zzzzzzzzzzzzzzzz');
      await expect(page.getByTestId('live-problem')).toBeVisible();
    },
  },
  {
    name: 'not-found-route',
    visit: async ({ page }) => {
      await page.goto('/nowhere/at/all');
      await expect(page.getByTestId('not-found')).toBeVisible();
    },
  },
  {
    name: 'feature-off-live',
    visit: async ({ page, fixture, server }) => {
      const { id } = await fixture();
      await openLive(page, id);
      await setFeatureEnabled(server, false);
      await expect(page.getByTestId('live-problem')).toHaveAttribute('data-problem', 'feature-off');
    },
    cleanup: ({ server }) => setFeatureEnabled(server, true),
  },
  {
    name: 'feature-off-gallery',
    visit: async ({ page, server }) => {
      await setFeatureEnabled(server, false);
      await page.goto('/');
      await expect(page.getByTestId('gallery-error')).toBeVisible();
    },
    cleanup: ({ server }) => setFeatureEnabled(server, true),
  },
  {
    name: 'offline',
    visit: async ({ page, fixture }) => {
      await openLive(page, (await fixture()).id);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');
      await page.context().setOffline(true);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', /^(offline|reconnecting)$/);
    },
    cleanup: ({ page }) => page.context().setOffline(false),
    // The reconnect loop re-renders the notice while Tab walks it; the axe check covers it.
    keyboard: false,
  },
];

/** The live page of a new artifact made from each template, as an agent starts one: real content of every kind. */
for (const template of TEMPLATE_NAMES) {
  PAGES.push({
    name: `live-template-${template}`,
    visit: async ({ page, server }) => {
      const response = await fetch(`${server.url}/api/artifacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await server.token('alice')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `A ${template} for the accessibility check`, template }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      const { id } = (await response.json()) as { id: string };
      await openLive(page, id);
      await expect(page.locator('la-section').first()).toBeVisible();
    },
    // The fixture artifact's walk covers the live page's controls; this one is about content.
    keyboard: false,
  });
}

for (const entry of PAGES) {
  test(`accessible: ${entry.name}`, async ({ page, api, server, browser, signedInPage }) => {
    test.setTimeout(90_000);
    let target = page;
    if (entry.user === null) target = await (await browser.newContext(entry.context)).newPage();
    else if (entry.user && entry.user !== 'alice') target = await signedInPage(entry.user);
    const visit: Visit = { page: target, api, server, fixture: () => fixtureArtifact(api) };
    try {
      await entry.visit(visit);
      await settle(target);
      await shoot(target, `a11y-${entry.name}`);
      await expectNoSeriousA11yViolationsAtBothWidths(target, entry.name, entry.include ? { include: entry.include } : {});
      if (entry.keyboard !== false) {
        const scope = typeof entry.keyboard === 'object' ? entry.keyboard.scope : 'body';
        for (const [width, size] of [['desktop', DESKTOP_VIEWPORT], ['390px', PHONE_VIEWPORT]] as const) {
          await target.setViewportSize(size);
          await settle(target);
          await expectKeyboardReachable(target, `${entry.name} @ ${width}`, scope);
        }
      }
    } finally {
      await entry.cleanup?.(visit);
      if (entry.user === null) await target.context().close();
    }
  });
}

test('live regions: the status pill and connection notices are role=status, new events are announced politely', async ({ page, api }) => {
  const { id } = await fixtureArtifact(api);
  await openLive(page, id);
  const pill = page.getByTestId('connection-status');
  await expect(pill).toHaveAttribute('role', 'status');
  await expect(pill).toHaveAccessibleName(/.+/);
  for (const region of ['live-notices', 'live-notices-bottom']) await expect(page.getByTestId(region)).toHaveAttribute('aria-live', 'polite');
  await page.context().setOffline(true);
  try {
    await expect(pill).toHaveAttribute('data-state', /^(offline|reconnecting)$/);
    await expect(pill).toHaveAttribute('role', 'status');
    const notice = page.getByTestId('live-problem');
    if (await notice.count()) await expect(notice).toHaveAttribute('role', /^(status|alert)$/);
  } finally {
    await page.context().setOffline(false);
  }
  await expect(pill).toHaveAttribute('data-state', 'live');
});
