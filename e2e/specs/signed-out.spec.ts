import { expect, test } from '@playwright/test';
import { startTestServer } from '../../server/test-server.ts';
import { scrollSectionTo, topBelowBar } from '../support/section-scroll.ts';
import { shoot } from '../support/shots.ts';
import { fillLogin, signIn } from '../support/sign-in.ts';
import { accessToken } from '../support/tokens.ts';
import { Api, expectNoPageErrors, section, trackPageErrors, upsertAll } from './fixtures.ts';

/*
 * A session that ends under an open page: with 15-second tokens and the IdP out of the
 * browser's reach, the token cannot be renewed, the server closes the socket at expiry, and the
 * page says the session ended (not "offline", not "does not exist") and offers to sign in again,
 * which brings the reader back to the live page.
 */
const TTL_S = 15;
let server: Awaited<ReturnType<typeof startTestServer>>;

test.beforeAll(async () => {
  server = await startTestServer({ EMBEDDED_IDP_TOKEN_TTL_S: String(TTL_S) }, { authenticator: 'idp' });
});
test.afterAll(async () => {
  await server?.dispose();
});

test('a token that cannot be renewed: "session ended" with Sign in, and signing in brings the live page back', async ({ page }) => {
  test.setTimeout(120_000);
  const api = new Api(server.url, () => accessToken(server.issuer, 'alice'));
  const notes = Array.from({ length: 20 }, (_, i) => ({ id: `n${i}`, type: 'markdown', title: `Note ${i}`, text: `Handover note ${i}.\n\n${'More detail. '.repeat(60)}` }));
  const id = await api.artifact('Long shift', upsertAll([{ id: 'log', type: 'markdown', text: 'Handover notes.' }, ...notes]));
  trackPageErrors(page);
  await page.setViewportSize({ width: 1000, height: 700 });
  await signIn(page, 'alice', `${server.url}/a/${id}`);
  await expect(page.locator('la-live-view[data-synced]')).toBeAttached();
  await scrollSectionTo(page, 'n12', 100);

  // The IdP becomes unreachable for this browser: no renewal from now on.
  const tokenEndpoint = '**/protocol/openid-connect/token';
  await page.route(tokenEndpoint, (route) => route.abort('internetdisconnected'));
  const problem = page.getByTestId('live-problem');
  await expect(problem).toHaveAttribute('data-problem', 'signed-out', { timeout: (TTL_S + 20) * 1_000 });
  await expect(problem).toContainText('Your session has ended.');
  await expect(problem).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'signed-out');
  await expect(page.getByTestId('connection-status')).toHaveText('session ended');
  await expect(section(page, 'log')).toHaveCount(0);
  await expect(section(page, 'n12')).toHaveCount(0);
  await expect(page.getByTestId('version-toolbar')).toHaveCount(0);
  await expect(page).toHaveTitle(/Session ended/);
  await shoot(page, 'signed-out');

  await page.unroute(tokenEndpoint);
  await page.getByTestId('sign-in-again').click();
  // The IdP's session may still be alive (straight back) or ask for the password again.
  const username = page.locator('input[name="username"]');
  const synced = page.locator('la-live-view[data-synced]');
  await expect(username.or(synced)).toBeAttached({ timeout: 20_000 });
  if (await username.isVisible()) await fillLogin(page, 'alice');
  await expect(synced).toBeAttached();
  await expect(page).toHaveURL(`${server.url}/a/${id}`);
  await expect(section(page, 'log').locator('.la-section__body')).toHaveText('Handover notes.');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');
  // Where the reader was when the session ended.
  await expect.poll(async () => Math.abs((await topBelowBar(page, 'n12')) - 100)).toBeLessThanOrEqual(2);
  expectNoPageErrors(page);
});
