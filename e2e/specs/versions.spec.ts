import { expect, expectNoPageErrors, expectNoReload, markDocument, openLive, section, test, trackPageErrors, upsertAll } from './fixtures.ts';

/*
 * Versions as an author uses them in the browser: publish from the live toolbar, read the
 * history, open a frozen version (sandboxed frame on the user-content origin), restore one while
 * someone watches the live page, compare two versions, and pin what viewers see. Every check
 * waits for the DOM or polls the API; nothing waits for a fixed time.
 */

test('publishing from the live toolbar links to the version; the history lists author, message and commit', async ({ page, api }) => {
  const id = await api.artifact('Publish me', upsertAll([{ id: 'intro', type: 'markdown', text: 'Root cause: a cold cache.' }]));
  await openLive(page, id);
  const marker = await markDocument(page);

  await page.getByTestId('publish-open').click();
  await expect(page.locator('#publish-message')).toBeFocused();
  await page.locator('#publish-message').fill('  Root cause found  ');
  await page.getByTestId('publish-submit').click();

  const result = page.getByTestId('publish-result');
  await expect(result).toContainText('Published version 1.');
  const link = page.getByTestId('published-version-link');
  await expect(link).toHaveAttribute('href', `/a/${id}/v/1`);
  // Publishing happened in place: the live page is still the same document.
  await expectNoReload(page, marker);

  // The server recorded the trimmed message, by the signed-in author, without a commit.
  const [v1] = await api.versions(id);
  expect(v1).toMatchObject({ version: 1, message: 'Root cause found', author: (await api.me()).userId, gitCommit: null });

  // The result's link opens that version.
  await link.click();
  await expect(page).toHaveURL(`/a/${id}/v/1`);
  await expect(page.locator('h1.page__title')).toHaveText('Version 1');
  await expect(page.getByTestId('version-info')).toContainText('Root cause found');

  // A second version published by a pipeline, with its git commit (after a change: publishing
  // an unchanged document makes no new version).
  await api.ops(id, [{ op: 'text.append', id: 'intro', text: ' Fixed in CI.' }]);
  const commit = 'abc1234def5678abc1234def5678abc1234def56';
  expect(await api.publish(id, { message: 'From CI', gitCommit: commit })).toBe(2);

  await page.goto(`/a/${id}/history`);
  const rows = page.getByTestId('version-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.locator('.version-row__number')).toHaveText(['v2', 'v1']); // newest first
  const row2 = page.locator('[data-testid=version-row][data-version="2"]');
  const row1 = page.locator('[data-testid=version-row][data-version="1"]');
  await expect(row2.locator('.version-row__message')).toHaveText('From CI');
  await expect(row2.getByTestId('version-author')).toHaveText('by Alice Anders');
  await expect(row2.locator('code.version-facts__commit')).toHaveText('abc1234');
  await expect(row2.locator('code.version-facts__commit')).toHaveAttribute('title', commit);
  await expect(row1.locator('.version-row__message')).toHaveText('Root cause found');
  await expect(row1.getByTestId('version-author')).toHaveText('by Alice Anders');
  await expect(row1.locator('code.version-facts__commit')).toHaveCount(0);
  await expect(row1.getByTestId('open-version')).toHaveAttribute('href', `/a/${id}/v/1`);
  await expect(row2.getByTestId('compare-previous')).toHaveAttribute('href', `/a/${id}/diff?from=1&to=2`);
  expectNoPageErrors(page);
});

test('a version page shows the frozen page in a script-less sandboxed frame on the user-content origin', async ({ page, api, baseURL }) => {
  const id = await api.artifact('Frozen view', upsertAll([{ id: 'notes', type: 'markdown', text: 'Frozen text alpha.' }]));
  expect(await api.publish(id, { message: 'alpha' })).toBe(1);
  // A later live edit, committed before the page opens: the version must not show it.
  await api.ops(id, [{ op: 'text.set', id: 'notes', text: 'Later live edit beta.' }]);
  expect((await api.get(id)).sections.find((s) => s.id === 'notes')?.['text']).toBe('Later live edit beta.');

  trackPageErrors(page);
  await page.goto(`/a/${id}/v/1`);
  const frame = page.getByTestId('version-frame');
  await expect(frame).toBeAttached();
  expect(await frame.evaluate((el) => el.tagName)).toBe('IFRAME');

  // sandbox is present and grants neither scripts nor this origin.
  const sandbox = await frame.getAttribute('sandbox');
  expect(sandbox, 'the frame has a sandbox attribute').not.toBeNull();
  const tokens = (sandbox ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  expect(tokens).not.toContain('allow-scripts');
  expect(tokens).not.toContain('allow-same-origin');
  expect(await frame.evaluate((el: HTMLIFrameElement) => [...el.sandbox].filter((t) => /allow-(scripts|same-origin)/.test(t)))).toEqual([]);

  // src is on the user-content origin: a different port from the app.
  const src = await frame.getAttribute('src');
  expect(src).toBeTruthy();
  const frameUrl = new URL(src!);
  const appUrl = new URL(baseURL!);
  const { usercontentOrigin } = await api.config();
  expect(frameUrl.origin).toBe(new URL(usercontentOrigin).origin);
  expect(frameUrl.origin).not.toBe(appUrl.origin);
  expect(frameUrl.port).not.toBe(appUrl.port);

  // The frame's document is the frozen version, not the live one.
  const body = page.frameLocator('[data-testid=version-frame]').locator('body');
  await expect(body).toContainText('Frozen text alpha.');
  await expect(body).not.toContainText('Later live edit beta.');
  await expect(body).toContainText('Frozen view');

  // A live edit while the version page is open changes nothing in it either.
  await api.ops(id, [{ op: 'text.append', id: 'notes', text: ' Gamma appended.' }]);
  await page.reload();
  await expect(body).toContainText('Frozen text alpha.');
  await expect(body).not.toContainText('Gamma appended.');
  await expect(body).not.toContainText('Later live edit beta.');
  expectNoPageErrors(page);
});

test('restoring from the history changes an open live view in place and records a new version', async ({ page, context, api }) => {
  const id = await api.artifact('Restore me', upsertAll([
    { id: 'a', type: 'markdown', text: 'Original text.' },
    { id: 'b', type: 'markdown', text: 'Section b, only in version 1.' },
  ]));
  expect(await api.publish(id, { message: 'good state' })).toBe(1);
  await api.ops(id, [
    { op: 'text.set', id: 'a', text: 'Edited text.' },
    { op: 'section.remove', id: 'b' },
    { op: 'section.upsert', section: { id: 'c', type: 'markdown', text: 'Section c, added later.' }, after: 'a' },
  ]);
  expect(await api.publish(id, { message: 'bad state' })).toBe(2);

  // A viewer keeps the live page open in a second tab.
  const viewer = await context.newPage();
  await openLive(viewer, id);
  await expect(section(viewer, 'a').locator('.la-section__body')).toHaveText('Edited text.');
  await expect(section(viewer, 'c')).toHaveCount(1);
  await expect(section(viewer, 'b')).toHaveCount(0);
  const marker = await markDocument(viewer);

  trackPageErrors(page);
  await page.goto(`/a/${id}/history`);
  const row1 = page.locator('[data-testid=version-row][data-version="1"]');
  await expect(page.getByTestId('version-row')).toHaveCount(2);
  await row1.getByTestId('restore-version').click();
  const confirm = row1.getByTestId('restore-confirm');
  await expect(confirm).toContainText('Make the live document equal to version 1?');
  // Nothing happens before confirming.
  expect((await api.versions(id)).length).toBe(2);
  await confirm.getByTestId('restore-confirm-button').click();

  await expect(page.getByTestId('restore-result')).toContainText('Restored version 1.');
  await expect(page.getByTestId('restore-result')).toContainText('recorded as version 3');
  const rows = page.getByTestId('version-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.locator('.version-row__number')).toHaveText(['v3', 'v2', 'v1']);
  await expect(page.locator('[data-testid=version-row][data-version="3"] .version-row__message')).toHaveText('Restored version 1');

  // The open live view followed, without a reload.
  await expect(section(viewer, 'a').locator('.la-section__body')).toHaveText('Original text.');
  await expect(section(viewer, 'b').locator('.la-section__body')).toHaveText('Section b, only in version 1.');
  await expect(section(viewer, 'c')).toHaveCount(0);
  await expect.poll(() => viewer.locator('la-section').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['sectionId']))).toEqual(['a', 'b']);
  await expectNoReload(viewer, marker);
  expectNoPageErrors(viewer);
  expectNoPageErrors(page);
});

test('the diff page shows added, removed and changed sections, and its pickers change the URL', async ({ page, api }) => {
  const id = await api.artifact('Diff me', upsertAll([
    { id: 'keep', type: 'markdown', title: 'Kept notes', text: 'line one\nline two\nline three' },
    { id: 'gone', type: 'markdown', text: 'Going away soon.' },
  ]));
  expect(await api.publish(id)).toBe(1);
  await api.ops(id, [
    { op: 'text.set', id: 'keep', text: 'line one\nline 2 changed\nline three' },
    { op: 'section.remove', id: 'gone' },
    { op: 'section.upsert', section: { id: 'fresh', type: 'callout', tone: 'info', text: 'Brand new callout.' }, after: 'keep' },
  ]);
  expect(await api.publish(id, { message: 'second' })).toBe(2);
  // The live document moves on after version 2.
  await api.ops(id, [{ op: 'text.append', id: 'keep', text: '\nline four' }]);

  trackPageErrors(page);
  await page.goto(`/a/${id}/diff?from=1&to=2`);
  const diff = page.getByTestId('diff');
  await expect(page.locator('.page__lede')).toHaveText('What changed from version 1 to version 2.');
  await expect(page.getByTestId('diff-summary').locator('li')).toHaveText(['1 added', '1 removed', '1 changed', '0 moved']);

  const added = diff.getByTestId('diff-added').locator('.diff-box--added');
  await expect(added).toHaveCount(1);
  await expect(added).toHaveAttribute('data-section-id', 'fresh');
  await expect(added).toContainText('Brand new callout.');

  const removed = diff.getByTestId('diff-removed').locator('.diff-box--removed');
  await expect(removed).toHaveCount(1);
  await expect(removed).toHaveAttribute('data-section-id', 'gone');
  await expect(removed).toContainText('Going away soon.');

  const changed = diff.getByTestId('diff-changed-section');
  await expect(changed).toHaveCount(1);
  await expect(changed).toHaveAttribute('data-section-id', 'keep');
  await expect(changed.locator('.diff-box__label')).toContainText('Kept notes');
  await expect(changed.locator('.diff-line--add')).toHaveText(['+line 2 changed']);
  await expect(changed.locator('.diff-line--remove')).toHaveText(['−line two']);
  // Unchanged lines are context, without a sign.
  await expect(changed.locator('.diff-line:not(.diff-line--add):not(.diff-line--remove)')).toContainText(['line one', 'line three']);
  await expect(changed).not.toContainText('line four'); // that edit came after version 2

  // The pickers show the sides and change the URL.
  await expect(page.getByTestId('diff-from')).toHaveValue('1');
  await expect(page.getByTestId('diff-to')).toHaveValue('2');
  await page.getByTestId('diff-to').selectOption('live');
  await expect(page).toHaveURL(`/a/${id}/diff?from=1&to=live`);
  await expect(page.locator('.page__lede')).toHaveText('What changed from version 1 to the live document.');
  await expect(changed.locator('.diff-line--add')).toHaveText(['+line 2 changed', '+line four']);

  await page.getByTestId('diff-from').selectOption('2');
  await expect(page).toHaveURL(`/a/${id}/diff?from=2&to=live`);
  await expect(page.getByTestId('diff-summary').locator('li')).toHaveText(['0 added', '0 removed', '1 changed', '0 moved']);
  await expect(changed.locator('.diff-line--add')).toHaveText(['+line four']);
  await expect(changed.locator('.diff-line--remove')).toHaveCount(0);
  await expect(diff.getByTestId('diff-added')).toHaveCount(0);
  await expect(diff.getByTestId('diff-removed')).toHaveCount(0);

  // Back returns to the previous comparison (the pickers push history entries).
  await page.goBack();
  await expect(page).toHaveURL(`/a/${id}/diff?from=1&to=live`);
  await expect(page.getByTestId('diff-from')).toHaveValue('1');
  await expect(page.getByTestId('diff-summary').locator('li')).toHaveText(['1 added', '1 removed', '1 changed', '0 moved']);
  expectNoPageErrors(page);
});

test('"What viewers see" pins a version with a banner that survives reload, and live removes it', async ({ page, api }) => {
  const id = await api.artifact('Pin me', upsertAll([{ id: 'x', type: 'markdown', text: 'Pinned content.' }]));
  expect(await api.publish(id, { message: 'first' })).toBe(1);
  await openLive(page, id);

  const select = page.getByTestId('view-select');
  const banner = page.getByTestId('pinned-banner');
  await expect(select.locator('option')).toHaveText(['Live document', 'Version 1 · first']);
  await expect(select).toHaveValue('live');
  await expect(select).toBeEnabled();
  await expect(banner).toHaveCount(0);

  await select.selectOption('1');
  await expect(banner).toHaveText(/^\s*Viewers see version 1, not this live document\.\s*What changed since\s*Show them the live document\s*$/);
  await expect(banner.getByRole('link', { name: 'version 1' })).toHaveAttribute('href', `/a/${id}/v/1`);
  await expect(banner.getByRole('link', { name: 'What changed since' })).toHaveAttribute('href', `/a/${id}/diff?from=1&to=live`);
  await expect.poll(() => api.viewSetting(id)).toEqual({ mode: 'pinned', version: 1 });

  await page.reload();
  await expect(page.locator('la-live-view[data-synced]')).toBeAttached();
  await expect(banner).toContainText('Viewers see version 1, not this live document.');
  await expect(select).toHaveValue('1');
  // The author still sees the live document underneath.
  await expect(section(page, 'x').locator('.la-section__body')).toHaveText('Pinned content.');

  await select.selectOption('live');
  await expect(banner).toHaveCount(0);
  await expect.poll(() => api.viewSetting(id)).toEqual({ mode: 'live' });
  await page.reload();
  await expect(page.locator('la-live-view[data-synced]')).toBeAttached();
  await expect(select).toHaveValue('live');
  await expect(select.locator('option')).toHaveCount(2);
  await expect(banner).toHaveCount(0);
  expectNoPageErrors(page);
});

test('the banner button shows viewers the live document again', async ({ page, api }) => {
  const id = await api.artifact('Unpin me', upsertAll([{ id: 'x', type: 'markdown', text: 'Hello.' }]));
  expect(await api.publish(id)).toBe(1);
  await openLive(page, id);
  await page.getByTestId('view-select').selectOption('1');
  const banner = page.getByTestId('pinned-banner');
  await expect(banner).toContainText('Viewers see version 1');
  await expect.poll(() => api.viewSetting(id)).toEqual({ mode: 'pinned', version: 1 });
  await banner.getByRole('button', { name: 'Show them the live document' }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId('view-select')).toHaveValue('live');
  await expect.poll(() => api.viewSetting(id)).toEqual({ mode: 'live' });
  expectNoPageErrors(page);
});

test('publishing an unchanged page makes no version; restoring saves unpublished changes first', async ({ page, api }) => {
  const id = await api.artifact('Careful restore', upsertAll([{ id: 'a', type: 'markdown', text: 'Published text.' }]));
  expect(await api.publish(id, { message: 'the good one' })).toBe(1);
  await openLive(page, id);
  await page.getByTestId('publish-open').click();
  await page.getByTestId('publish-submit').click();
  await expect(page.getByTestId('publish-result')).toContainText('Nothing changed since version 1; no new version was made.');
  expect(await api.versions(id)).toHaveLength(1);

  // Unpublished work, then a restore of version 1: the work is frozen first, nothing is lost.
  await api.ops(id, [{ op: 'text.set', id: 'a', text: 'Unpublished work in progress.' }]);
  await page.goto(`/a/${id}/history`);
  const row1 = page.locator('[data-testid=version-row][data-version="1"]');
  await row1.getByTestId('restore-version').click();
  await expect(row1.getByTestId('restore-confirm')).toContainText('changes not yet published are first saved as a version of their own');
  await row1.getByTestId('restore-confirm-button').click();
  const result = page.getByTestId('restore-result');
  await expect(result).toContainText('recorded as version 3');
  await expect(result).toContainText('The changes that were not published yet were saved first, as version 2.');
  await expect(page.locator('[data-testid=version-row][data-version="2"] .version-row__message')).toHaveText('Before restoring version 1');
  expect((await api.version(id, 2)).sections[0]).toMatchObject({ id: 'a', text: 'Unpublished work in progress.' });
});
