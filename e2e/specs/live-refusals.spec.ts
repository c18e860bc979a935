import type { Page } from '@playwright/test';
import { setFeatureEnabled } from '../support/org-policy.ts';
import { scrollSectionTo, topBelowBar } from '../support/section-scroll.ts';
import { shoot } from '../support/shots.ts';
import { expect, expectNoPageErrors, expectNoReload, markDocument, openLive, section, test, upsertAll } from './fixtures.ts';

/*
 * A live page whose document is taken away while it is open says why, in its own words, and
 * removes what the reader can no longer do or trust; where the condition can change (feature
 * switched back on, version unpinned) it comes back live by itself, without a reload; where it
 * cannot (access removed) it stops for good.
 */

const pill = (page: Page) => page.getByTestId('connection-status');
const problem = (page: Page) => page.getByTestId('live-problem');
/** Long enough for a few backoff steps (1, 2, 4 s... jittered), short of the test timeout. */
const RECOVERY_TIMEOUT_MS = 30_000;

/** Collects the /collab sockets a page opens, to tell a page that stopped from one that retries. */
function countSockets(page: Page): () => number {
  let count = 0;
  page.on('websocket', (ws) => {
    if (new URL(ws.url()).pathname === '/collab') count++;
  });
  return () => count;
}

test('feature switched off by an admin: the page says so and offers nothing; switched on, it is live again without a reload', async ({ page, api, server }) => {
  const more = Array.from({ length: 12 }, (_, i) => ({ id: `m${i}`, type: 'markdown', title: `More ${i}`, text: 'Further reading. '.repeat(80) }));
  const id = await api.artifact('Feature switch', upsertAll([{ id: 'intro', type: 'markdown', text: 'Readable while the feature is on.' }, ...more]));
  await page.setViewportSize({ width: 1000, height: 700 });
  await openLive(page, id);
  await expect(page.getByTestId('publish-open')).toBeVisible();
  await scrollSectionTo(page, 'm6', 80);
  await expect(pill(page)).toHaveAttribute('data-state', 'live');
  const marker = await markDocument(page);
  try {
    await setFeatureEnabled(server, false);
    await expect(problem(page)).toHaveAttribute('data-problem', 'feature-off');
    await expect(problem(page)).toContainText('Live Artifacts is turned off for your organization.');
    await expect(problem(page)).toContainText('comes back by itself');
    await expect(problem(page)).toHaveAttribute('role', 'status');
    // Not a network problem, and nothing stale or actionable is left on screen.
    await expect(pill(page)).toHaveAttribute('data-state', 'feature-off');
    await expect(pill(page)).toHaveText('turned off');
    await expect(page.getByTestId('version-toolbar')).toHaveCount(0);
    await expect(page.getByTestId('publish-open')).toHaveCount(0);
    await expect(page.getByTestId('share-button')).toHaveCount(0);
    await expect(section(page, 'intro')).toHaveCount(0);
    await expect(section(page, 'm6')).toHaveCount(0);
    await expect(page).toHaveTitle(/Turned off/);
    await shoot(page, 'feature-off');
  } finally {
    await setFeatureEnabled(server, true);
  }
  await expect(section(page, 'intro').locator('.la-section__body')).toHaveText('Readable while the feature is on.', { timeout: RECOVERY_TIMEOUT_MS });
  await expect(page).toHaveTitle('Feature switch');
  await expect(pill(page)).toHaveAttribute('data-state', 'live');
  await expect(problem(page)).toHaveCount(0);
  // Back where the reader was when the document went away (held there while the toolbar and
  // lineage above it render again).
  await expect.poll(async () => Math.abs((await topBelowBar(page, 'm6')) - 80)).toBeLessThanOrEqual(2);
  // What the user may do was loaded anew: the owner may publish again.
  await expect(page.getByTestId('publish-open')).toBeVisible();
  await api.ops(id, [{ op: 'text.append', id: 'intro', text: ' And live again.' }]);
  await expect(section(page, 'intro').locator('.la-section__body')).toHaveText('Readable while the feature is on. And live again.');
  await expectNoReload(page, marker);
  expectNoPageErrors(page);
});

test('a version pinned while a reader reads: "pinned to version n" with a working link; unpinned, the page goes live again', async ({ api, signedInPage }) => {
  const id = await api.artifact('Pinned for readers', upsertAll([{ id: 'x', type: 'markdown', text: 'The live words.' }]));
  expect(await api.publish(id, { message: 'first' })).toBe(1);
  await api.share(id, { visibility: 'org' });
  const bob = await signedInPage('bob');
  await openLive(bob, id);
  await expect(bob.getByTestId('read-only-note')).toBeVisible();
  const marker = await markDocument(bob);

  await api.pin(id, 1);
  await expect(problem(bob)).toHaveAttribute('data-problem', 'pinned');
  await expect(bob.getByTestId('problem-heading')).toHaveText('Pinned to version 1');
  await expect(problem(bob)).toContainText('Alice Anders shows readers version 1 of this page');
  await expect(bob.getByTestId('open-pinned-version')).toHaveAttribute('href', `/a/${id}/v/1`);
  await expect(section(bob, 'x')).toHaveCount(0);
  await expect(bob.getByTestId('version-toolbar')).toHaveCount(0);
  await expect(pill(bob)).toHaveAttribute('data-state', 'pinned');
  await shoot(bob, 'pinned');

  // The owner keeps working and then shows readers the live document again.
  await api.ops(id, [{ op: 'text.append', id: 'x', text: ' Written while pinned.' }]);
  await api.pin(id, null);
  await expect(section(bob, 'x').locator('.la-section__body')).toHaveText('The live words. Written while pinned.', { timeout: RECOVERY_TIMEOUT_MS });
  await expect(pill(bob)).toHaveAttribute('data-state', 'live');
  await expect(problem(bob)).toHaveCount(0);
  await expect(bob.getByTestId('read-only-note')).toBeVisible();
  await api.ops(id, [{ op: 'text.append', id: 'x', text: ' Live.' }]);
  await expect(section(bob, 'x').locator('.la-section__body')).toHaveText('The live words. Written while pinned. Live.');
  await expectNoReload(bob, marker);

  // Pinned again: the link leads to the frozen version.
  await api.pin(id, 1);
  await bob.getByTestId('open-pinned-version').click();
  await expect(bob).toHaveURL(`/a/${id}/v/1`);
  await expect(bob.locator('h1.page__title')).toHaveText('Version 1');
  await expect(bob.getByTestId('version-frame')).toBeAttached();
  expectNoPageErrors(bob);
});

test('a reader opening a pinned artifact is pointed to the version, not told it does not exist', async ({ api, signedInPage }) => {
  const id = await api.artifact('Pinned before opening', upsertAll([{ id: 'x', type: 'markdown', text: 'Draft.' }]));
  await api.publish(id);
  await api.ops(id, [{ op: 'text.set', id: 'x', text: 'Second draft.' }]);
  await api.publish(id);
  await api.share(id, { visibility: 'org' });
  await api.pin(id, 2);
  const bob = await signedInPage('bob');
  await bob.goto(`/a/${id}`);
  await expect(problem(bob)).toHaveAttribute('data-problem', 'pinned');
  await expect(bob.getByTestId('open-pinned-version')).toHaveAttribute('href', `/a/${id}/v/2`);
  await expect(problem(bob)).not.toContainText('does not exist');
  await expect(pill(bob)).toHaveAttribute('data-state', 'pinned');
});

test('unshared while a reader reads: "access removed", content and actions gone, and it stays that way', async ({ api, signedInPage }) => {
  const id = await api.artifact('Shared, then not', upsertAll([{ id: 'secret', type: 'markdown', text: 'For acme, for now.' }]));
  await api.share(id, { visibility: 'org' });
  const bob = await signedInPage('bob');
  const sockets = countSockets(bob);
  await openLive(bob, id);
  await expect(section(bob, 'secret')).toBeVisible();

  await api.share(id, { visibility: 'private' });
  await expect(problem(bob)).toHaveAttribute('data-problem', 'access-removed');
  await expect(problem(bob)).toContainText('Your access to this artifact was removed.');
  await expect(problem(bob)).toHaveAttribute('role', 'alert');
  await expect(problem(bob).getByRole('link', { name: 'All artifacts' })).toHaveAttribute('href', '/');
  await expect(problem(bob).getByRole('button', { name: 'Reload' })).toBeVisible();
  await expect(bob.getByText('For acme, for now.')).toHaveCount(0);
  await expect(bob.getByTestId('version-toolbar')).toHaveCount(0);
  await expect(pill(bob)).toHaveAttribute('data-state', 'no-access');
  await expect(bob).toHaveTitle(/Access removed/);
  await shoot(bob, 'access-removed');

  // Final: no retries, even once it is shared again (a reload would show it then).
  const opened = sockets();
  await api.share(id, { visibility: 'org' });
  await bob.waitForTimeout(4_000);
  expect(sockets(), 'no socket opened after the refusal').toBe(opened);
  await expect(problem(bob)).toHaveAttribute('data-problem', 'access-removed');
  await problem(bob).getByRole('button', { name: 'Reload' }).click();
  await expect(bob.locator('la-live-view[data-synced]')).toBeAttached();
  await expect(section(bob, 'secret').locator('.la-section__body')).toHaveText('For acme, for now.');
});
