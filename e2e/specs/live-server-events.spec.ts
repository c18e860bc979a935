import { expect, test, type Page } from '@playwright/test';
import { SOCKET_REASONS } from '../../shared/api/index.ts';
import { unavailable } from '../../server/errors.ts';
import { startTestServer } from '../../server/test-server.ts';
import { shoot } from '../support/shots.ts';
import { signIn } from '../support/sign-in.ts';
import { accessToken } from '../support/tokens.ts';
import { Api, expectNoPageErrors, expectNoReload, markDocument, openLive, section, trackPageErrors, upsertAll } from './fixtures.ts';

/*
 * What the server does to open pages, driven from its Hocuspocus instance: this spec runs the
 * server in its own process (real HTTP, sockets, embedded IdP and storage) so it can send a
 * restore notice on the stateless channel, drop a document to reload it, and have storage fail.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
test.beforeAll(async () => {
  server = await startTestServer({}, { authenticator: 'idp' });
});
test.afterAll(async () => {
  await server?.dispose();
});

const alice = () => new Api(server.url, () => accessToken(server.issuer, 'alice'));
const pill = (page: Page) => page.getByTestId('connection-status');

/** What the server does when it drops or refuses the document's open sessions: one CLOSE per socket. */
function endSessions(id: string, reason: string): number {
  const document = server.collab.hocuspocus.documents.get(id);
  const connections = document ? [...document.connections.keys()] : [];
  for (const connection of connections) connection.close({ code: 4503, reason });
  return connections.length;
}

function broadcast(id: string, payload: string): void {
  const document = server.collab.hocuspocus.documents.get(id);
  if (!document) throw new Error(`document ${id} is not loaded`);
  document.broadcastStateless(payload);
}

async function openAsAlice(page: Page, id: string): Promise<void> {
  trackPageErrors(page);
  await signIn(page, 'alice', `${server.url}/`);
  await openLive(page, `${server.url}/a/${id}`);
}

/** Every state the pill shows from now on, so a short-lived one is not missed between polls. */
async function recordPill(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="connection-status"]')!;
    const seen = [el.getAttribute('data-state') ?? ''];
    new MutationObserver(() => seen.push(el.getAttribute('data-state') ?? '')).observe(el, { attributes: true, attributeFilter: ['data-state'] });
    (window as unknown as { __pill: string[] }).__pill = seen;
  });
  return () => page.evaluate(() => (window as unknown as { __pill: string[] }).__pill);
}

test('a restore tells the reader who restored which version; other stateless messages say nothing', async ({ page }) => {
  const api = alice();
  const id = await api.artifact('Restored under the reader', upsertAll([{ id: 'x', type: 'markdown', text: 'First words.' }]));
  expect(await api.publish(id)).toBe(1);
  await api.ops(id, [{ op: 'text.set', id: 'x', text: 'Later words.' }]);
  await openAsAlice(page, id);
  const marker = await markDocument(page);
  const notice = page.getByTestId('restored-notice');

  for (const noise of ['keepalive', '{"type":"restored"', '{"type":"deleted","version":1}', '{"type":"restored","version":"1"}', '[]']) broadcast(id, noise);
  await expect(section(page, 'x').locator('.la-section__body')).toHaveText('Later words.');
  await expect(notice).toHaveCount(0);
  // A restore as the server does it: a forward change every viewer sees, the unpublished
  // 'Later words.' frozen first as version 2, and the server's notice.
  const restored = await fetch(`${server.url}/api/artifacts/${id}/versions/1/restore`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await accessToken(server.issuer, 'alice')}` },
  });
  expect(restored.status).toBe(201);
  await expect(section(page, 'x').locator('.la-section__body')).toHaveText('First words.');

  await expect(notice).toHaveText(/Restored to version 1 by Alice Anders\.\s+The page before it is\s+version 2\./);
  await expect(notice.getByTestId('preserved-version-link')).toHaveAttribute('href', `/a/${id}/v/2`);
  await expect(page.getByTestId('live-notices-bottom')).toHaveAttribute('aria-live', 'polite');
  await shoot(page, 'restored-notice');
  await notice.getByRole('button', { name: 'Dismiss the restore notice' }).click();
  await expect(notice).toHaveCount(0);
  await expectNoReload(page, marker);
  expectNoPageErrors(page);
});

test('the server dropping the document to reload it: the page reconnects at once, silently, and stays live', async ({ page }) => {
  const api = alice();
  const id = await api.artifact('Reloaded by the server', upsertAll([{ id: 'log', type: 'markdown', text: 'Before.' }]));
  let sockets = 0;
  page.on('websocket', (ws) => void (new URL(ws.url()).pathname === '/collab' && sockets++));
  await openAsAlice(page, id);
  await expect(pill(page)).toHaveAttribute('data-state', 'live');
  const marker = await markDocument(page);
  const states = await recordPill(page);
  const opened = sockets;

  expect(endSessions(id, SOCKET_REASONS.reloading)).toBe(1);
  await expect.poll(() => sockets, { message: 'reopened on a new socket' }).toBe(opened + 1);
  await expect.poll(() => server.collab.hocuspocus.documents.get(id)?.getConnectionsCount() ?? 0).toBe(1);
  await api.ops(id, [{ op: 'text.append', id: 'log', text: ' After.' }]);
  await expect(section(page, 'log').locator('.la-section__body')).toHaveText('Before. After.');

  expect(await states(), 'the pill never left live').toEqual(['live']);
  await expect(page.getByTestId('live-problem')).toHaveCount(0);
  await expect(page.getByTestId('live-stale')).toHaveCount(0);
  await expectNoReload(page, marker);
  expectNoPageErrors(page);
});

test('storage unavailable: the content stays but is marked not current, the pill is amber, and it recovers by itself', async ({ page }) => {
  const api = alice();
  const id = await api.artifact('Storage trouble', upsertAll([{ id: 'log', type: 'markdown', text: 'Before the outage.' }]));
  await openAsAlice(page, id);
  const marker = await markDocument(page);
  const store = server.store;
  const getArtifact = store.getArtifact;
  store.getArtifact = async () => {
    throw unavailable('storage is down (test)');
  };
  try {
    endSessions(id, SOCKET_REASONS.unavailable);
    const stale = page.getByTestId('live-stale');
    await expect(stale).toHaveAttribute('data-cause', 'unavailable');
    await expect(stale).toContainText('Not current.');
    await expect(stale).toContainText('This is the page as of');
    await expect(pill(page)).toHaveAttribute('data-state', 'unavailable');
    await expect(pill(page)).toHaveText('unavailable');
    // Still there to read, visibly not live, and its actions cannot be used.
    await expect(section(page, 'log').locator('.la-section__body')).toHaveText('Before the outage.');
    await expect(page.locator('article.live')).toHaveClass(/live--stale/);
    await expect(page.locator('la-version-toolbar')).toHaveAttribute('inert', '');
    await expect(page.getByTestId('live-problem')).toHaveCount(0);
    await shoot(page, 'unavailable');
  } finally {
    store.getArtifact = getArtifact;
  }
  await expect(pill(page)).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await expect(page.getByTestId('live-stale')).toHaveCount(0);
  await expect(page.locator('la-version-toolbar')).not.toHaveAttribute('inert', '');
  await api.ops(id, [{ op: 'text.append', id: 'log', text: ' Back.' }]);
  await expect(section(page, 'log').locator('.la-section__body')).toHaveText('Before the outage. Back.');
  await expectNoReload(page, marker);
  expectNoPageErrors(page);
});

test('storage unavailable when the page opens: it says so instead of "does not exist", and loads once it can', async ({ page }) => {
  const api = alice();
  const id = await api.artifact('Opened during trouble', upsertAll([{ id: 'x', type: 'markdown', text: 'Eventually here.' }]));
  trackPageErrors(page);
  await signIn(page, 'alice', `${server.url}/`);
  const store = server.store;
  const getArtifact = store.getArtifact;
  store.getArtifact = async () => {
    throw unavailable('storage is down (test)');
  };
  try {
    await page.goto(`${server.url}/a/${id}`);
    const problem = page.getByTestId('live-problem');
    await expect(problem).toHaveAttribute('data-problem', 'unavailable');
    await expect(problem).not.toContainText('does not exist');
    await expect(pill(page)).toHaveAttribute('data-state', 'unavailable');
    await shoot(page, 'unavailable-on-open');
  } finally {
    store.getArtifact = getArtifact;
  }
  await page.getByTestId('retry-now').click();
  await expect(section(page, 'x').locator('.la-section__body')).toHaveText('Eventually here.', { timeout: 30_000 });
  await expect(pill(page)).toHaveAttribute('data-state', 'live');
  expectNoPageErrors(page);
});

test('network down: the content is marked not current and the pill says offline, then it catches up', async ({ page }) => {
  const api = alice();
  const id = await api.artifact('Offline reader', upsertAll([{ id: 'log', type: 'markdown', text: 'Before.' }]));
  await openAsAlice(page, id);
  await page.context().setOffline(true);
  const stale = page.getByTestId('live-stale');
  await expect(stale).toHaveAttribute('data-cause', 'offline');
  await expect(stale).toContainText('The connection is lost.');
  await expect(pill(page)).toHaveAttribute('data-state', 'offline');
  await expect(section(page, 'log').locator('.la-section__body')).toHaveText('Before.');
  await shoot(page, 'offline');
  await api.ops(id, [{ op: 'text.append', id: 'log', text: ' Meanwhile.' }]);
  await page.context().setOffline(false);
  await expect(section(page, 'log').locator('.la-section__body')).toHaveText('Before. Meanwhile.');
  await expect(stale).toHaveCount(0);
  await expect(pill(page)).toHaveAttribute('data-state', 'live');
  expectNoPageErrors(page);
});
