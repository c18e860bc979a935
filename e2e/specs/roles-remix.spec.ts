import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { applyOps } from '#shared';
import { shoot } from '../support/shots.ts';
import { expect, openLive, section, test, upsertAll } from './fixtures.ts';

/*
 * Share roles and remix in the browser, against the real server and its embedded IdP: alice
 * shares with bob as an editor and vic as a viewer through the dialog; bob gets the edit
 * controls and his changes land; vic gets none, and edits forged past the page (HTTP with his
 * token, a socket of his own) are refused; bob remixes from the live page and both sides show
 * the lineage.
 */

/** A socket of `token`'s user on an artifact, outside any page: what a forger would open. */
async function rawSocket(baseUrl: string, artifactId: string, token: string): Promise<{ doc: Y.Doc; close(): void }> {
  const doc = new Y.Doc();
  const websocketProvider = new HocuspocusProviderWebsocket({ url: `${baseUrl.replace(/^http/, 'ws')}/collab`, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider, name: artifactId, document: doc, token });
  provider.attach();
  await new Promise<void>((resolve) => provider.on('synced', () => resolve()));
  return {
    doc,
    close() {
      provider.destroy();
      websocketProvider.destroy();
    },
  };
}

test('an editor edits and publishes, a viewer cannot even by forging; a remix from the live page shows its lineage on both sides', async ({ page, api, apiAs, server, signedInPage }) => {
  // Three people sign in and walk the whole flow: more than the default minute on a loaded machine.
  test.slow();
  const title = 'Checkout incident';
  const id = await api.artifact(title, upsertAll([{ id: 'notes', type: 'markdown', title: 'Notes', text: 'Started by Alice.' }]));
  const bobId = (await apiAs('bob').me()).userId;
  const vicId = (await apiAs('vic').me()).userId;

  // Alice shares through the dialog: bob can edit, vic can view.
  await page.setViewportSize({ width: 1200, height: 800 });
  await openLive(page, id);
  await page.getByTestId('share-button').click();
  const dialog = page.getByTestId('share-dialog');
  await dialog.getByTestId('share-visibility-restricted').check();
  await dialog.getByTestId(`share-person-${bobId}`).check();
  await dialog.getByTestId(`share-person-${vicId}`).check();
  await expect(dialog.getByTestId(`share-role-person-${vicId}`)).toHaveValue('view');
  await dialog.getByTestId(`share-role-person-${bobId}`).selectOption('edit');
  await expect(dialog.getByTestId('share-status')).toHaveText('Not saved yet.');
  await shoot(page, 'roles-share-dialog');
  await dialog.getByTestId('share-save').click();
  await expect(dialog.getByTestId('share-status')).toContainText('Saved. Shared with 2 people (1 can edit).');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-summary')).toHaveText(/2 people \(1 can edit\)/);

  // Bob: edit controls, no share and no delete; his publish and his edit land.
  const bob = await signedInPage('bob');
  await bob.setViewportSize({ width: 1200, height: 800 });
  await openLive(bob, id);
  await expect(bob.getByTestId('publish-open')).toBeVisible();
  await expect(bob.getByTestId('view-select')).toBeVisible();
  await expect(bob.getByTestId('share-button')).toHaveCount(0);
  await expect(bob.getByTestId('read-only-note')).toHaveCount(0);
  await bob.getByTestId('publish-open').click();
  await bob.getByTestId('publish-submit').click();
  await expect(bob.getByTestId('publish-result')).toContainText('Published version 1');
  expect((await api.versions(id))[0]).toMatchObject({ version: 1, author: bobId });
  await apiAs('bob').ops(id, [{ op: 'text.append', id: 'notes', text: ' Bob was here.' }]);
  await expect(section(page, 'notes')).toContainText('Bob was here.');
  await expect(section(bob, 'notes')).toContainText('Bob was here.');

  // Vic: reads, and nothing else is offered.
  const vic = await signedInPage('vic');
  await openLive(vic, id);
  await expect(section(vic, 'notes')).toContainText('Bob was here.');
  await expect(vic.getByTestId('read-only-note')).toBeVisible();
  for (const control of ['publish-open', 'view-select', 'share-button', 'remix-button']) await expect(vic.getByTestId(control)).toHaveCount(0);

  // Forged past the page: the HTTP API and a socket of vic's own both refuse his edit.
  const vicToken = await server.token('vic');
  const forged = await fetch(`${server.url}/api/artifacts/${id}/ops`, {
    method: 'POST',
    headers: { authorization: `Bearer ${vicToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ops: [{ op: 'text.append', id: 'notes', text: ' Vic forged this.' }] }),
  });
  expect(forged.status).toBe(403);
  expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  const socket = await rawSocket(server.url, id, vicToken);
  try {
    // A well-formed change, made the way the server's own ops make it: refused for who sends it.
    expect(applyOps(socket.doc, { ops: [{ op: 'text.append', id: 'notes', text: ' Vic socket.' }] }, { newId: () => 'vic' }).applied).toBe(1);
  } finally {
    // Alice's next edit is stored after anything the socket sent: then the stored document tells.
    await api.ops(id, [{ op: 'text.append', id: 'notes', text: ' Alice again.' }]);
    socket.close();
  }
  await expect(section(page, 'notes')).toContainText('Alice again.');
  const stored = (await api.get(id)).sections.find((s) => s.id === 'notes');
  expect(stored?.['text']).toBe('Started by Alice. Bob was here. Alice again.');
  await expect(section(vic, 'notes')).not.toContainText('Vic');

  // Bob remixes from the live page: he lands on his private copy, which says where it came from.
  await bob.getByTestId('remix-button').click();
  await expect(bob).not.toHaveURL(new RegExp(`/a/${id}$`));
  await expect(bob.locator('la-live-view[data-synced]')).toBeAttached();
  const copyId = new URL(bob.url()).pathname.split('/')[2] ?? '';
  await expect(bob.getByTestId('lineage-source')).toHaveText(/Remixed from\s+Checkout incident\s+\(live page\)/);
  await expect(bob.locator('.la-header__title')).toHaveText('Checkout incident (remix)');
  await expect(bob.getByTestId('lineage-source-link')).toHaveAttribute('href', `/a/${id}`);
  await expect(section(bob, 'notes')).toContainText('Started by Alice. Bob was here. Alice again.');
  await expect(bob.getByTestId('share-button')).toBeVisible();
  await shoot(bob, 'roles-remix-copy');

  // The source lists the copy for bob, who may read it; not for alice, to whom it is private.
  await bob.getByTestId('lineage-source-link').click();
  await expect(bob.locator('la-live-view[data-synced]')).toBeAttached();
  await bob.getByTestId('lineage-remixes').locator('summary').click();
  await expect(bob.getByTestId('lineage-remixes')).toContainText(/1 remix/);
  await expect(bob.getByTestId('lineage-remixes').locator(`a[href="/a/${copyId}"]`)).toHaveText('Checkout incident (remix)');
  await shoot(bob, 'roles-remix-source');
  await page.reload();
  await expect(page.locator('la-live-view[data-synced]')).toBeAttached();
  await expect(page.getByTestId('remix-button')).toBeVisible();
  await expect(page.getByTestId('lineage-remixes')).toHaveCount(0);
});

test('a version page remixes that version; the copy names it', async ({ page, api }) => {
  const id = await api.artifact('Runbook', upsertAll([{ id: 'steps', type: 'markdown', text: 'Version one text.' }]));
  const version = await api.publish(id, { message: 'first' });
  await api.ops(id, [{ op: 'text.set', id: 'steps', text: 'Live text, after the version.' }]);
  await page.goto(`/a/${id}/v/${version}`);
  await page.getByTestId('remix-button').click();
  await expect(page.locator('la-live-view[data-synced]')).toBeAttached();
  await expect(page.getByTestId('lineage-source')).toHaveText(/Remixed from\s+Runbook\s+version 1/);
  await expect(page.getByTestId('lineage-source-link')).toHaveAttribute('href', `/a/${id}/v/1`);
  await expect(section(page, 'steps').locator('.la-section__body')).toHaveText(/Version one text\./);
});
