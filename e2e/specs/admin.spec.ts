import { expect, openLive, test, upsertAll } from './fixtures.ts';

/*
 * The /admin page against the real server and its embedded IdP: adam (org-admin of acme)
 * changes the org policy, sees it saved, and alice's pages then hide what it forbids. The
 * policy is put back at the end: the worker's server is shared with other specs.
 */
const DEFAULT_POLICY = { enabled: true, orgWideSharing: 'everyone', retentionDays: { private: null, shared: null }, keepVersions: null };

test('an org-admin changes the policy on /admin and members see its effect', async ({ page, api, signedInPage, server }) => {
  const id = await api.artifact('Policy walkthrough', upsertAll([{ id: 'intro', type: 'markdown', text: 'Shared by alice.' }]));
  const adam = await signedInPage('adam');
  try {
    // Only admins get the link; adam follows it.
    await expect(adam.getByTestId('admin-link')).toBeVisible();
    await adam.getByTestId('admin-link').click();
    await expect(adam).toHaveURL(/\/admin$/);
    const form = adam.getByTestId('policy-form');
    await expect(form).toBeVisible();
    await expect(form.getByTestId('policy-enabled')).toBeChecked();
    await expect(form.getByTestId('policy-sharing-everyone')).toBeChecked();

    // A bad number is caught inline before anything is sent.
    await form.getByTestId('policy-sharing-admins').check();
    await form.getByTestId('policy-private-forever').uncheck();
    await form.getByTestId('policy-private').fill('0');
    await expect(form.getByTestId('policy-private-error')).toHaveText(/between 1 and 36500 days/);
    await form.getByTestId('policy-save').click();
    await expect(form.getByTestId('policy-private')).toHaveAttribute('aria-invalid', 'true');
    await form.getByTestId('policy-private').fill('30');
    await expect(form.getByTestId('policy-private-error')).toHaveCount(0);
    await form.getByTestId('policy-versions-forever').uncheck();
    await form.getByTestId('policy-versions').fill('5');
    await form.getByTestId('policy-save').click();
    await expect(form.getByTestId('policy-saved')).toBeVisible();

    // Saved on the server: a fresh page shows it.
    await adam.reload();
    await expect(adam.getByTestId('policy-sharing-admins')).toBeChecked();
    await expect(adam.getByTestId('policy-private')).toHaveValue('30');
    await expect(adam.getByTestId('policy-shared-forever')).toBeChecked();
    await expect(adam.getByTestId('policy-versions')).toHaveValue('5');
    await adam.getByTestId('retention-run').click();
    await expect(adam.getByTestId('retention-result')).toContainText(/Deleted \d+ artifacts? and \d+ older versions?/);

    // Alice (author, not an admin): no admin link, and the share dialog no longer offers the whole org.
    await openLive(page, id);
    await expect(page.getByTestId('admin-link')).toHaveCount(0);
    await page.getByTestId('share-button').click();
    const dialog = page.getByTestId('share-dialog');
    await expect(dialog.getByTestId('share-visibility-restricted')).toBeVisible();
    await expect(dialog.getByTestId('share-visibility-org')).toHaveCount(0);
    await page.keyboard.press('Escape');

    // Feature off: alice's pages say so and offer nothing; on again, all is back.
    await adam.getByTestId('policy-enabled').uncheck();
    await adam.getByTestId('policy-save').click();
    await expect(adam.getByTestId('policy-saved')).toBeVisible();
    await page.goto('/');
    await expect(page.getByTestId('gallery-error')).toContainText(/turned off for your organization/);
    await page.goto(`/a/${id}`);
    await expect(page.getByTestId('publish-open')).toHaveCount(0);
    await expect(page.getByTestId('share-button')).toHaveCount(0);

    await adam.getByTestId('policy-enabled').check();
    await adam.getByTestId('policy-save').click();
    await expect(adam.getByTestId('policy-saved')).toBeVisible();
    await openLive(page, id);
    await expect(page.getByTestId('publish-open')).toBeVisible();
  } finally {
    const token = await server.token('adam');
    await fetch(`${server.url}/api/admin/policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(DEFAULT_POLICY),
    });
  }
});
