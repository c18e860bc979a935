import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { expect, expectNoPageErrors, test, trackPageErrors, upsertAll } from './fixtures.ts';

/*
 * The /audit page as an auditor uses it: audrey (acme auditor) finds it in the header, sees
 * the events alice's agent caused, narrows them with a filter, verifies the chain and
 * downloads an export, whose manifest names every version's files with their sha256.
 */

test('an auditor sees events, verifies the chain and downloads an export', async ({ api, signedInPage }) => {
  const id = await api.artifact('Audited incident', upsertAll([{ id: 'notes', type: 'markdown', text: 'What happened.' }]));
  await api.publish(id, { message: 'First' });
  await api.ops(id, [{ op: 'text.append', id: 'notes', text: ' And why.' }]);
  await api.publish(id, { message: 'Second' });

  const page = await signedInPage('audrey');
  trackPageErrors(page);
  await page.getByTestId('audit-link').click();
  await expect(page).toHaveURL('/audit');
  await expect(page.getByTestId('events-table')).toBeVisible();
  // Newest first: alice's publishes of this artifact are there (other specs publish on this server too).
  const published = page.locator('[data-testid="event-row"][data-action="published"]').filter({ hasText: id });
  await expect(published).toHaveCount(2);
  await expect(published.first()).toContainText(id);

  // Filter to one action: only those rows remain.
  await page.getByTestId('filter-action').selectOption('created');
  await page.getByTestId('apply-filters').click();
  await expect(page.locator('[data-testid="event-row"][data-action="created"]').first()).toBeVisible();
  await expect(page.locator('[data-testid="event-row"]:not([data-action="created"])')).toHaveCount(0);

  await page.getByTestId('verify-button').click();
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-intact', 'true');
  await expect(page.getByTestId('verify-result')).toContainText('Intact');

  // The export downloads through fetch with the bearer token (never a token in a URL).
  const row = page.locator(`[data-testid="artifact-row"][data-artifact-id="${id}"]`);
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('export-button').click()]);
  expect(download.suggestedFilename()).toBe(`${id}-export.zip`);
  const files = unzipSync(new Uint8Array(await readFile((await download.path()) as string)));
  expect(Object.keys(files).sort()).toEqual(['comments.json', 'manifest.json', 'v1.html', 'v1.json', 'v2.html', 'v2.json']);
  const manifest = JSON.parse(strFromU8(files['manifest.json'] as Uint8Array)) as { artifact: { id: string }; files: { name: string }[] };
  expect(manifest.artifact.id).toBe(id);
  expect(manifest.files.map((f) => f.name).sort()).toEqual(['comments.json', 'v1.html', 'v1.json', 'v2.html', 'v2.json']);
  // The export is on record too.
  await page.getByTestId('filter-action').selectOption('exported');
  await page.getByTestId('apply-filters').click();
  await expect(page.locator('[data-testid="event-row"][data-action="exported"]').first()).toBeVisible();
  expectNoPageErrors(page);
});

test('people who are not auditors get no audit link and no trail', async ({ signedInPage }) => {
  const page = await signedInPage('vic');
  await expect(page.getByTestId('user-name')).toBeVisible();
  await expect(page.getByTestId('audit-link')).toHaveCount(0);
  await page.goto('/audit');
  await expect(page.getByTestId('audit-forbidden')).toBeVisible();
});
