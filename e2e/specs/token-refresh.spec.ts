import { expect, test } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { signIn } from '../support/sign-in.ts';
import { Api, markDocument, expectNoReload, section, upsertAll } from './fixtures.ts';

/*
 * Token renewal in the browser: with 40-second access tokens, an open live page renews its token
 * ahead of expiry and hands it to its socket, so the server (which closes a socket at token
 * expiry) keeps that one socket open, and the page keeps updating without a reload. The quiet
 * page also stays on its socket past the provider's 30-second silence limit (server keepalive).
 */
const TTL_S = 40;
let server: ServerProcess;

test.beforeAll(async () => {
  server = await startServerProcess({ env: { EMBEDDED_IDP_TOKEN_TTL_S: String(TTL_S) } });
});
test.afterAll(async () => {
  await server?.dispose();
});

test('an open live page outlives its first token on one socket', async ({ page }) => {
  test.setTimeout(120_000);
  const api = new Api(server.url, () => server.token('alice'));
  const id = await api.artifact('Long watch', upsertAll([{ id: 'log', type: 'markdown', text: 'Start.' }]));
  const sockets: string[] = [];
  const closed: string[] = [];
  page.on('websocket', (ws) => {
    sockets.push(ws.url());
    ws.on('close', () => closed.push(ws.url()));
  });
  const tokenRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/protocol/openid-connect/token')) tokenRequests.push(r.postData()?.match(/grant_type=([a-z_]+)/)?.[1] ?? '?');
  });

  await signIn(page, 'alice', `${server.url}/a/${id}`);
  await expect(page.locator('la-live-view[data-synced]')).toBeAttached();
  const marker = await markDocument(page);

  // Past the first token's expiry (plus the server's timer) with the page just open.
  await page.waitForTimeout((TTL_S + 8) * 1_000);
  await api.ops(id, [{ op: 'text.append', id: 'log', text: ' Still live.' }]);
  await expect(section(page, 'log')).toContainText('Start. Still live.');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');

  expect(tokenRequests.filter((g) => g === 'refresh_token').length, 'renewed with the refresh token').toBeGreaterThanOrEqual(1);
  expect(sockets.filter((u) => u.includes('/collab')), 'one socket for the whole time').toHaveLength(1);
  expect(closed).toEqual([]);
  await expectNoReload(page, marker);
});
