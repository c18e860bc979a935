import { findSection, setChecklistDone, setMeta } from '#shared/schema';
import { shoot } from '../support/shots.ts';
import { SYNC, syncedClient, syncFrame } from '../support/wire.ts';
import { expect, expectNoPageErrors, openLive, section, test, upsertAll } from './fixtures.ts';

/*
 * People on the page: who else has it open (presence), and editing in the browser by those
 * who may edit (the owner here): ticking, collaborative markdown text, renaming. Every edit
 * goes through the socket's write path; a viewer sees no edit control and a forged edit of
 * theirs is refused. Checks wait for the DOM or for stored state, never for a fixed time.
 */

const SECTIONS = [
  { id: 'notes', type: 'markdown', title: 'Notes', text: 'Start.' },
  { id: 'todo', type: 'checklist', title: 'Follow-ups', items: [{ id: 'a', text: 'Page the DB team', done: false }, { id: 'b', text: 'Write the summary', done: false }] },
];

test('presence: a second person appears (one avatar for two tabs), dims nothing while active, and leaves', async ({ page, api, signedInPage }) => {
  const id = await api.artifact('Presence', upsertAll(SECTIONS));
  await api.share(id, { visibility: 'org' });
  await openLive(page, id);
  // Alone: no avatars at all.
  await expect(page.getByTestId('presence')).toHaveCount(0);
  await shoot(page, 'presence-alone');

  const bob = await signedInPage('bob');
  await openLive(bob, id);
  const avatars = page.getByTestId('presence').locator('.avatar');
  await expect(avatars).toHaveCount(1);
  await expect(avatars.first()).toHaveText('BB');
  await expect(avatars.first()).toHaveAttribute('aria-label', 'Bob Baker');
  await expect(avatars.first()).not.toHaveClass(/avatar--idle/);
  // Bob sees Alice, not himself.
  await expect(bob.getByTestId('presence').locator('.avatar')).toHaveText(['AA']);

  // A second tab of Bob's is still one avatar.
  const bobTab2 = await bob.context().newPage();
  await openLive(bobTab2, id);
  await expect.poll(() => page.evaluate(() => document.querySelectorAll('la-presence .avatar').length)).toBe(1);
  await avatars.first().focus();
  await shoot(page, 'presence-two');

  await bobTab2.close();
  await bob.close();
  await expect(page.getByTestId('presence')).toHaveCount(0);
  expectNoPageErrors(page);
});

test('two browsers edit the same markdown section at once and converge; the stored JSON equals it', async ({ page, api, signedInPage }) => {
  const id = await api.artifact('Editing', upsertAll(SECTIONS));
  const other = await signedInPage('alice'); // a second editor (another browser context)
  await openLive(page, id);
  await openLive(other, id);
  for (const p of [page, other]) {
    await section(p, 'notes').getByTestId('edit-text').click();
    await expect(section(p, 'notes').locator('.cm-content')).toBeVisible();
  }
  const editorA = section(page, 'notes').locator('.cm-content');
  const editorB = section(other, 'notes').locator('.cm-content');
  await editorA.click();
  await page.keyboard.press('End');
  await editorB.click();
  await other.keyboard.press('Home');
  // Both type at the same time.
  await Promise.all([page.keyboard.type(' Typed by A.', { delay: 15 }), other.keyboard.type('B was here. ', { delay: 15 })]);
  const textOf = (p: typeof page) => p.locator('la-section[data-section-id="notes"] .cm-content').innerText();
  await expect.poll(async () => [await textOf(page), await textOf(other)]).toEqual(['B was here. Start. Typed by A.', 'B was here. Start. Typed by A.']);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await expect.poll(async () => ((await api.get(id)).sections.find((s) => s.id === 'notes') as { text?: string } | undefined)?.text).toBe('B was here. Start. Typed by A.');
  await shoot(page, 'editing-markdown');

  // Done closes the editor and shows the rendered text.
  await section(page, 'notes').getByTestId('edit-done').click();
  await expect(section(page, 'notes')).toContainText('B was here. Start. Typed by A.');
  expectNoPageErrors(page);
  expectNoPageErrors(other);
});

test('a ticked item persists after a reload, and a rename shows in the header, the tab and the list', async ({ page, api }) => {
  const id = await api.artifact('Before the rename', upsertAll(SECTIONS));
  await openLive(page, id);
  const box = section(page, 'todo').locator('[data-item-id="a"] input[type=checkbox]');
  await box.click();
  await expect(box).toBeChecked();
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await expect.poll(async () => ((await api.get(id)).sections.find((s) => s.id === 'todo') as unknown as { items: { id: string; done: boolean }[] }).items.find((i) => i.id === 'a')?.done).toBe(true);

  await page.getByTestId('rename').click();
  const input = page.getByTestId('title-input');
  await input.fill('');
  await input.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'A title cannot be empty.' })).toBeVisible();
  await shoot(page, 'rename-empty');
  await input.fill('After the rename');
  await input.press('Enter');
  await expect(page.locator('.la-header__title')).toHaveText('After the rename');
  await expect(page).toHaveTitle('After the rename');
  await expect.poll(async () => (await api.list()).find((a) => a.id === id)?.title).toBe('After the rename');

  await page.reload();
  await expect(page.locator('la-live-view[data-synced]')).toBeAttached();
  await expect(section(page, 'todo').locator('[data-item-id="a"] input[type=checkbox]')).toBeChecked();
  await expect(section(page, 'todo').locator('[data-item-id="b"] input[type=checkbox]')).not.toBeChecked();
  await expect(page.locator('.la-header__title')).toHaveText('After the rename');
  await shoot(page, 'editing-checklist');
  expectNoPageErrors(page);
});

test('a viewer sees no edit control, and a forged edit on their socket is refused and not stored', async ({ api, signedInPage, server }) => {
  const id = await api.artifact('Read only for Vic', upsertAll(SECTIONS));
  await api.share(id, { visibility: 'org' });
  const vic = await signedInPage('vic');
  await openLive(vic, id);
  await expect(section(vic, 'notes')).toContainText('Start.');
  await expect(vic.getByTestId('rename')).toHaveCount(0);
  await expect(vic.getByTestId('edit-text')).toHaveCount(0);
  await expect(section(vic, 'todo').locator('input[type=checkbox]:not([disabled])')).toHaveCount(0);
  await shoot(vic, 'viewer-read-only');

  // Vic's own token, on a socket of his own, writing what the page would never offer him.
  const forger = await syncedClient(server.url, id, await server.token('vic'));
  const updates: Uint8Array[] = [];
  forger.doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'server' && updates.push(u));
  forger.doc.transact(() => {
    setMeta(forger.doc, { title: 'Forged by a viewer' });
    const todo = findSection(forger.doc, 'todo');
    if (todo) setChecklistDone(todo, 'a', true);
  });
  for (const update of updates) forger.ws.send(syncFrame(id, SYNC.update, update));
  // The server answers the read-only socket and keeps the document as it was.
  await expect.poll(() => forger.received.length).toBeGreaterThan(1);
  const stored = await api.get(id);
  expect(stored.meta['title']).toBe('Read only for Vic');
  expect((stored.sections.find((s) => s.id === 'todo') as unknown as { items: { done: boolean }[] }).items[0]?.done).toBe(false);
  await expect(vic.locator('.la-header__title')).toHaveText('Read only for Vic');
  forger.ws.close();
  expectNoPageErrors(vic);
});

test('an edit the server refuses (over the text limit) says so and the page shows what is stored', async ({ page, api }) => {
  const id = await api.artifact('Refused', upsertAll(SECTIONS));
  await openLive(page, id);
  await section(page, 'notes').getByTestId('edit-text').click();
  const editor = section(page, 'notes').locator('.cm-content');
  await editor.click();
  // Far past the per-section text limit: pasted at once, as one update.
  await page.evaluate(() => {
    const content = document.querySelector('la-section[data-section-id="notes"] .cm-content');
    const data = new DataTransfer();
    data.setData('text/plain', 'x'.repeat(2_000_000));
    content?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(page.getByTestId('edit-refused')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('la-live-view[data-synced]')).toBeAttached();
  await expect(section(page, 'notes')).toContainText('Start.');
  await expect(section(page, 'notes')).not.toContainText('xxxxxxxx');
  expect(((await api.get(id)).sections.find((s) => s.id === 'notes') as { text?: string }).text).toBe('Start.');
  await shoot(page, 'edit-refused');
});

test('the gallery updates live, shows owners, and filters Mine / Shared with me with sorting kept in the URL', async ({ page, api, apiAs }) => {
  await page.goto('/?show=shared');
  // Nothing is shared with Alice yet (in this worker's fresh server, only her own artifacts exist).
  await expect(page.getByTestId('gallery-empty')).toHaveAttribute('data-show', 'shared');
  await shoot(page, 'gallery-shared-empty');

  // Bob shares one with the org: it appears without a reload, with his name.
  const bob = apiAs('bob');
  const shared = await bob.create('Zeta from Bob');
  await bob.share(shared, { visibility: 'org' });
  const card = (id: string) => page.locator(`.gallery__card[data-artifact-id="${id}"]`);
  await expect(card(shared)).toBeVisible({ timeout: 20_000 });
  await expect(card(shared).getByTestId('gallery-owner')).toContainText('by Bob Baker');

  // Mine: Alice's own, newest first; a new one appears live; "yours" as owner.
  await page.getByTestId('gallery-show').getByRole('button', { name: 'Mine' }).click();
  await expect(page).toHaveURL(/[?&]show=mine/);
  const mineA = await api.create('Alpha of Alice');
  await expect(card(mineA)).toBeVisible({ timeout: 20_000 });
  await expect(card(mineA).getByTestId('gallery-owner')).toContainText('yours');
  await expect(card(shared)).toHaveCount(0);

  // Sorting by title, kept in the URL and after a reload.
  await page.getByTestId('gallery-sort').selectOption('title');
  await expect(page).toHaveURL(/sort=title/);
  await page.reload();
  await expect(page.getByTestId('gallery-sort')).toHaveValue('title');
  await expect(page.getByTestId('gallery-show').getByRole('button', { name: 'Mine' })).toHaveAttribute('aria-pressed', 'true');
  const titles = await page.locator('.gallery__title').allInnerTexts();
  expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })));

  // A rename elsewhere and a delete show up without a reload.
  await api.ops(mineA, [{ op: 'meta.set', title: 'Aardvark of Alice' }]);
  await expect(card(mineA)).toContainText('Aardvark of Alice', { timeout: 20_000 });
  await page.getByTestId('gallery-show').getByRole('button', { name: 'All' }).click();
  await expect(card(shared)).toBeVisible();
  await shoot(page, 'gallery-all');
  await bob.delete(shared);
  await expect(card(shared)).toHaveCount(0, { timeout: 20_000 });
  expectNoPageErrors(page);
});
