import { shoot } from '../support/shots.ts';
import { expect, expectNoPageErrors, section, test, trackPageErrors, upsertAll } from './fixtures.ts';

/*
 * No blank pages: a missing artifact, a malformed id and an unknown route each say what is
 * wrong and offer the way home; the gallery leads to the live views.
 */

test('an artifact that does not exist shows a clear message, not a blank page', async ({ page }) => {
  trackPageErrors(page);
  // 16 characters of the id alphabet: a well-formed id that was never issued.
  await page.goto('/a/zzzzzzzzzzzzzzzz');
  const problem = page.getByTestId('live-problem');
  await expect(problem).toBeVisible();
  await expect(problem).toHaveAttribute('role', 'alert');
  await expect(problem).toContainText('does not exist, or you do not have access');
  await expect(problem.getByRole('link', { name: 'All artifacts' })).toHaveAttribute('href', '/');
  await expect(problem.getByRole('button', { name: 'Reload' })).toBeVisible();
  // It stops there: no endless spinner, no content, and the pill says what it is (not a network problem).
  await expect(page.locator('.loading')).toHaveCount(0);
  await expect(page.locator('la-section')).toHaveCount(0);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'no-access');
  await expect(page.locator('la-live-view')).not.toHaveAttribute('data-synced');
  await shoot(page, 'not-found');
  expectNoPageErrors(page);
});

test('a malformed artifact id gets the same message', async ({ page }) => {
  trackPageErrors(page);
  await page.goto('/a/NOT-AN-ID');
  await expect(page.getByTestId('live-problem')).toContainText('does not exist, or you do not have access');
  await expect(page.locator('.loading')).toHaveCount(0);
  expectNoPageErrors(page);
});

test('an unknown route shows not-found with a link home', async ({ page }) => {
  trackPageErrors(page);
  await page.goto('/nowhere/at/all');
  const notFound = page.getByTestId('not-found');
  await expect(notFound).toBeVisible();
  await expect(notFound).toContainText('Page not found');
  await expect(notFound.locator('code')).toHaveText('/nowhere/at/all');
  await expect(page).toHaveTitle(/not found/i);
  await notFound.getByRole('link', { name: 'Go to all artifacts' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await expect(page.getByRole('heading', { name: 'Artifacts', level: 1 })).toBeVisible();
  await expect(page.locator('[data-testid=gallery], [data-testid=gallery-empty]')).toBeVisible();
  // The browser's back button returns to the not-found page.
  await page.goBack();
  await expect(page.getByTestId('not-found')).toBeVisible();
  await expect(page).toHaveURL((url) => url.pathname === '/nowhere/at/all');
  expectNoPageErrors(page);
});

test('the gallery lists artifacts newest first, linking to their live views', async ({ page, api }) => {
  trackPageErrors(page);
  const stamp = Date.now().toString(36);
  const titles = [`Oldest ${stamp}`, `Middle ${stamp}`, `Newest ${stamp}`];
  const ids: string[] = [];
  for (const title of titles) ids.push(await api.artifact(title, upsertAll([{ id: 'hello', type: 'markdown', text: `Body of ${title}` }])));

  await page.goto('/');
  const cards = page.locator('[data-testid=gallery] a.gallery__card');
  await expect(cards.first()).toBeVisible();
  const shown = await cards.evaluateAll((els) => els.map((a) => (a as HTMLElement).dataset['artifactId'] ?? ''));
  // The three just created are the most recent of all, newest first, and in the server's order.
  expect(shown.slice(0, 3)).toEqual([...ids].reverse());
  expect(shown).toEqual((await api.list()).map((a) => a.id));
  const newest = cards.first();
  await expect(newest.locator('.gallery__title')).toHaveText(titles[2]!);
  await expect(newest.locator('time')).toContainText(/Updated/);

  // The card's link leads to the live view of that artifact.
  const middle = page.locator(`a.gallery__card[data-artifact-id="${ids[1]}"]`);
  await expect(middle).toHaveAttribute('href', `/a/${ids[1]}`);
  await middle.click();
  await expect(page).toHaveURL((url) => url.pathname === `/a/${ids[1]}`);
  await expect(page.locator('la-live-view[data-synced]')).toBeAttached();
  await expect(page.locator('.la-header__title')).toHaveText(titles[1]!);
  await expect(section(page, 'hello')).toContainText(`Body of ${titles[1]}`);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');

  // And "All artifacts" leads back.
  await page.getByRole('link', { name: 'All artifacts' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await expect(page.locator(`a.gallery__card[data-artifact-id="${ids[2]}"]`)).toBeVisible();
  expectNoPageErrors(page);
});
