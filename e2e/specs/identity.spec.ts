import { expect, openLive, test, upsertAll } from './fixtures.ts';

/*
 * Identity in the browser against the server's embedded IdP (the `npm start` default): real
 * login pages, real tokens, the share dialog, and pages that show each user only what they may
 * see and do.
 */

test('the header shows who is signed in; sign-out ends the session at the IdP', async ({ page }) => {
  await expect(page.getByTestId('user-name')).toHaveText('Alice Anders');
  await expect(page.getByTestId('user-org')).toContainText(/acme/i);
  await page.getByTestId('sign-out').click();
  // The IdP session is gone: the app sends the browser to the login page again.
  await expect(page.locator('input[name="password"]')).toBeVisible();
  await page.goto('/');
  await expect(page.locator('input[name="password"]')).toBeVisible();
});

test('sharing with a person through the dialog lets exactly that person in', async ({ page, api, signedInPage }) => {
  const id = await api.artifact('Postmortem draft', upsertAll([{ id: 'summary', type: 'markdown', text: 'Only for Bob.' }]));
  const bob = await signedInPage('bob');
  const vic = await signedInPage('vic');
  await openLive(page, id);
  await expect(page.getByTestId('share-summary')).toHaveText(/private/i);

  // Private: bob neither lists nor opens it.
  await expect(bob.getByTestId('gallery').or(bob.getByTestId('gallery-empty'))).toBeVisible();
  await expect(bob.locator(`[data-artifact-id="${id}"]`)).toHaveCount(0);
  await bob.goto(`/a/${id}`);
  await expect(bob.getByTestId('live-problem')).toContainText(/does not exist|no access|not have access/i);

  await page.getByTestId('share-button').click();
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('share-visibility-restricted').check();
  // People of the org only: carol (globex) is never offered.
  await expect(dialog.getByText('Bob Baker')).toBeVisible();
  await expect(dialog.getByText('Carol Chen')).toHaveCount(0);
  await dialog.getByText('Bob Baker').click();
  await dialog.getByTestId('share-save').click();
  await expect(dialog.getByTestId('share-status')).toContainText(/saved/i);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-summary')).toHaveText(/1 person/i);

  // Bob now reads it live, read-only: no publish, no share.
  await bob.goto('/');
  await expect(bob.locator(`[data-artifact-id="${id}"]`)).toBeVisible();
  await openLive(bob, id);
  await expect(bob.locator('.live-sections').getByText('Only for Bob.')).toBeVisible();
  await expect(bob.getByTestId('read-only-note')).toBeVisible();
  await expect(bob.getByTestId('publish-open')).toHaveCount(0);
  await expect(bob.getByTestId('share-button')).toHaveCount(0);
  // Vic, same org but not named, still sees nothing.
  await vic.goto(`/a/${id}`);
  await expect(vic.getByTestId('live-problem')).toBeVisible();
});

test('a viewer of the whole org reads, but gets no actions; another org gets nothing', async ({ api, signedInPage }) => {
  const id = await api.artifact('Release checklist', upsertAll([{ id: 'intro', type: 'markdown', text: 'For everyone at Acme.' }]));
  await api.share(id, { visibility: 'org' });
  const vic = await signedInPage('vic');
  await openLive(vic, id);
  await expect(vic.locator('.live-sections').getByText('For everyone at Acme.')).toBeVisible();
  await expect(vic.getByTestId('read-only-note')).toBeVisible();
  for (const action of ['publish-open', 'share-button', 'view-select']) await expect(vic.getByTestId(action)).toHaveCount(0);

  const carol = await signedInPage('carol');
  await expect(carol.getByTestId('user-name')).toHaveText('Carol Chen');
  await expect(carol.locator(`[data-artifact-id="${id}"]`)).toHaveCount(0);
  await carol.goto(`/a/${id}`);
  await expect(carol.getByTestId('live-problem')).toBeVisible();
  await expect(carol.getByText('For everyone at Acme.')).toHaveCount(0);
});
