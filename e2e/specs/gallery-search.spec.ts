import { expect, expectNoPageErrors, test, trackPageErrors, upsertAll } from './fixtures.ts';

/*
 * The gallery: search by title and filter by kind, both done by the server and kept in the URL;
 * each card shows the latest version and links to the history. Other specs share this server,
 * so every title here carries a token no other artifact has.
 */

test('search and kind filter narrow the gallery on the server; cards show the latest version and link to history', async ({ page, api }) => {
  const token = `tok${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const zebra = await api.create(`Zebra ${token} incident`, 'incident');
  await api.ops(zebra, upsertAll([{ id: 'n', type: 'markdown', text: 'one' }]));
  expect(await api.publish(zebra)).toBe(1);
  await api.ops(zebra, [{ op: 'text.set', id: 'n', text: 'two' }]);
  expect(await api.publish(zebra, { message: 'second' })).toBe(2);
  const yak = await api.create(`Yak ${token} review`, 'review');
  const other = await api.create('Unrelated gallery entry', 'incident');

  trackPageErrors(page);
  await page.goto('/');
  const cards = page.locator('[data-testid=gallery] a.gallery__card');
  const card = (id: string) => page.locator(`a.gallery__card[data-artifact-id="${id}"]`);
  const item = (id: string) => page.locator('.gallery__item', { has: card(id) });
  await expect(card(other)).toBeVisible();
  await expect(card(zebra)).toBeVisible();

  // Latest version: v2 for the artifact with two versions, none for the others.
  await expect(item(zebra).getByTestId('latest-version')).toHaveText('· v2');
  await expect(item(yak).getByTestId('latest-version')).toHaveText('· no versions');
  await expect(item(zebra).locator('.tag')).toHaveText('incident');

  // Search: the request carries q, the server answers only matches, the URL follows.
  const search = page.getByTestId('gallery-search');
  const searched = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/artifacts' && new URL(r.url()).searchParams.get('q') === token, { timeout: 10_000 });
  await search.fill(token);
  const answer = (await (await searched).json()) as { artifacts: Array<{ id: string }> };
  expect(answer.artifacts.map((a) => a.id).sort()).toEqual([zebra, yak].sort());
  await expect(page).toHaveURL(`/?q=${token}`);
  await expect(cards).toHaveCount(2);
  await expect(card(other)).toHaveCount(0);

  // Title search is case-insensitive and narrows further.
  await search.fill(`ZEBRA ${token.toUpperCase()}`);
  await expect(cards).toHaveCount(1);
  await expect(card(zebra)).toBeVisible();
  await expect(page).toHaveURL(/[?&]q=ZEBRA(\+|%20)/);

  // Kind filter, together with the search.
  await search.fill(token);
  await expect(cards).toHaveCount(2);
  const kind = page.getByTestId('gallery-kind');
  const filtered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/artifacts' && new URL(r.url()).searchParams.get('kind') === 'review', { timeout: 10_000 });
  await kind.selectOption('review');
  const byKind = (await (await filtered).json()) as { artifacts: Array<{ id: string; kind: string }> };
  expect(byKind.artifacts.map((a) => a.id)).toEqual([yak]);
  await expect(page).toHaveURL(`/?q=${token}&kind=review`);
  await expect(cards).toHaveCount(1);
  await expect(card(yak)).toBeVisible();
  await kind.selectOption('incident');
  await expect(cards).toHaveCount(1);
  await expect(card(zebra)).toBeVisible();

  // The filters live in the URL and survive a reload.
  await page.reload();
  await expect(page.getByTestId('gallery-search')).toHaveValue(token);
  await expect(page.getByTestId('gallery-kind')).toHaveValue('incident');
  await expect(cards).toHaveCount(1);
  await expect(card(zebra)).toBeVisible();

  // Nothing matches: a notice with a way out.
  await page.getByTestId('gallery-search').fill(`${token}-nothing`);
  await expect(page.getByTestId('gallery-no-match')).toContainText(`No artifacts match “${token}-nothing” of kind incident.`);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL('/');
  await expect(card(other)).toBeVisible();
  await expect(card(yak)).toBeVisible();

  // The history link of a card opens that artifact's history.
  await item(zebra).getByTestId('gallery-history').click();
  await expect(page).toHaveURL(`/a/${zebra}/history`);
  await expect(page.getByTestId('version-row')).toHaveCount(2);
  await expect(page.locator('.page__lede')).toHaveText(`Zebra ${token} incident`);
  expectNoPageErrors(page);
});
