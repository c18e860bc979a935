import { expect, test } from '@playwright/test';
import { KEYCLOAK_ISSUER, passwordToken } from '../support/keycloak.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { fillLogin } from '../support/sign-in.ts';

/*
 * The real Keycloak of infra/keycloak (started by the Playwright global setup): the browser
 * signs in on Keycloak's own login page, and the app shows that user only what they may see.
 */
let server: ServerProcess;
const ids: Record<string, string> = {};

async function call(token: string, method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

test.beforeAll(async () => {
  server = await startServerProcess({ env: { OIDC_ISSUER: KEYCLOAK_ISSUER } });
  const alice = (await passwordToken('alice')).access_token;
  const bob = (await passwordToken('bob')).access_token;
  const carol = (await passwordToken('carol')).access_token;
  const bobId = ((await call(bob, 'GET', '/api/me')) as { userId: string }).userId;
  const create = async (token: string, title: string, sharing: unknown) => {
    const { id } = (await call(token, 'POST', '/api/artifacts', { title })) as { id: string };
    await call(token, 'PUT', `/api/artifacts/${id}/sharing`, sharing);
    await call(token, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'body', type: 'markdown', text: `Body of ${title}` } }] });
    return id;
  };
  ids.private = await create(alice, 'Alice private notes', { visibility: 'private' });
  ids.forBob = await create(alice, 'Handover for Bob', { visibility: 'restricted', users: [bobId] });
  ids.org = await create(alice, 'Acme status page', { visibility: 'org' });
  ids.globex = await create(carol, 'Globex roadmap', { visibility: 'org' });
});

test.afterAll(async () => {
  await server?.dispose();
});

test('bob signs in on the Keycloak login page and sees exactly what is his to see', async ({ page }) => {
  await page.goto(`${server.url}/`);
  // Keycloak's page, not ours: it lives on the Keycloak origin.
  await expect(page).toHaveURL(new RegExp(`^${KEYCLOAK_ISSUER.replace(/[.]/g, '\\.')}/`));
  await fillLogin(page, 'bob');
  await expect(page).toHaveURL(new RegExp(`^${server.url}/`));
  await expect(page.getByTestId('user-name')).toHaveText('Bob Baker');
  await expect(page.getByTestId('user-org')).toContainText(/acme/i);

  const gallery = page.getByTestId('gallery');
  await expect(gallery.locator(`[data-artifact-id="${ids.forBob}"]`)).toBeVisible();
  await expect(gallery.locator(`[data-artifact-id="${ids.org}"]`)).toBeVisible();
  await expect(gallery.locator(`[data-artifact-id="${ids.private}"]`)).toHaveCount(0);
  await expect(gallery.locator(`[data-artifact-id="${ids.globex}"]`)).toHaveCount(0);

  await page.goto(`${server.url}/a/${ids.forBob}`);
  await expect(page.locator('la-section').getByText('Body of Handover for Bob')).toBeVisible();
  await expect(page.getByTestId('read-only-note')).toBeVisible();
  await expect(page.getByTestId('share-button')).toHaveCount(0);

  for (const hidden of [ids.private, ids.globex]) {
    await page.goto(`${server.url}/a/${hidden}`);
    await expect(page.getByTestId('live-problem')).toBeVisible();
    await expect(page.getByText(/^Body of/)).toHaveCount(0);
  }
});
