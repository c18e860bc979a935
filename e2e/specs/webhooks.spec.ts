import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { shoot } from '../support/shots.ts';
import { signIn } from '../support/sign-in.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { Api, upsertAll } from './fixtures.ts';

/*
 * Outgoing webhooks in the browser, against a real server process and a real HTTPS receiver
 * this spec runs (its certificate trusted through WEBHOOK_CA_FILE, loopback allowed through
 * WEBHOOK_ALLOWED_HOSTS): adam adds an org hook on /admin, alice publishes, adam sees the
 * delivery in the hook's log; alice adds a hook of her own artifact from the live page.
 */
let server: ServerProcess;
let receiver: WebhookReceiver;

test.beforeAll(async () => {
  receiver = await startWebhookReceiver();
  server = await startServerProcess({ env: { WEBHOOK_CA_FILE: receiver.caFile, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_POLL_INTERVAL_MS: '1000' } });
});
test.afterAll(async () => {
  await server?.dispose();
  await receiver?.close();
});

/** axe-core's serious and critical findings on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Elements of the webhooks UI wider than the viewport (tag.class and width). */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('la-webhooks-panel *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`),
  );
}

test('an org-admin adds a webhook, a publish is delivered, and the log shows it', async ({ page }) => {
  const alice = new Api(server.url, () => server.token('alice'));
  const id = await alice.artifact('Checkout incident', upsertAll([{ id: 'intro', type: 'markdown', text: 'Payments are failing.' }]));

  await signIn(page, 'adam', `${server.url}/admin`);
  const panel = page.getByTestId('webhooks-panel');
  await expect(panel.getByTestId('webhooks-empty')).toBeVisible();
  await panel.scrollIntoViewIfNeeded();
  await shoot(page, 'webhooks-admin-empty');

  // A URL the server must not call is refused with a reason, and nothing is added.
  await panel.getByTestId('webhook-url').fill('https://169.254.169.254/latest/meta-data');
  await panel.getByTestId('webhook-add').click();
  await expect(panel.getByTestId('webhook-error')).toContainText(/private, loopback or link-local/);
  await expect(panel.getByTestId('webhook-row')).toHaveCount(0);
  await expect(panel.getByTestId('webhook-url')).toHaveAttribute('aria-invalid', 'true');
  await panel.getByTestId('webhook-error').scrollIntoViewIfNeeded();
  await shoot(page, 'webhooks-admin-refused');

  await panel.getByTestId('webhook-url').fill(`${receiver.origin}/ci/live-artifacts`);
  await panel.getByTestId('webhook-add').click();
  await expect(panel.getByTestId('webhook-secret')).toContainText(/whsec_/);
  await expect(panel.getByTestId('webhook-row')).toHaveCount(1);
  await expect(panel.getByTestId('webhook-row')).toContainText(`${receiver.origin}/ci/live-artifacts`);

  // Alice publishes; the receiver gets the signed event and adam's log shows it delivered.
  await alice.publish(id);
  await expect.poll(() => receiver.requests.length, { timeout: 15_000 }).toBe(1);
  expect(JSON.parse(receiver.requests[0]?.body ?? '{}')).toMatchObject({ type: 'published', artifact: { id, title: 'Checkout incident' } });
  await panel.getByTestId('webhook-log-toggle').click();
  const delivery = panel.getByTestId('webhook-delivery').first();
  await expect(delivery).toContainText('Published');
  await expect(delivery.getByTestId('webhook-delivery-status')).toHaveText('Delivered');
  await expect(delivery).toContainText('HTTP 200');

  // A failing receiver: the test event is retried, and the log says when.
  receiver.answers.push(500);
  await panel.getByTestId('webhook-test').click();
  await expect(panel.getByTestId('webhook-delivery').first().getByTestId('webhook-delivery-status')).toHaveText(/Retrying \(attempt 1 failed\)/, { timeout: 15_000 });
  await expect(panel.getByTestId('webhook-delivery').first()).toContainText(/HTTP 500 .* next try in \d+ s/);
  await panel.getByTestId('webhook-log').scrollIntoViewIfNeeded();
  await shoot(page, 'webhooks-admin-log');
  // At phone width nothing of the panel (long URLs, the secret, the log) runs off the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowing(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 720 });

  expect(await seriousViolations(page)).toEqual([]);

  // Deleting takes a second press.
  await panel.getByTestId('webhook-delete').click();
  await expect(panel.getByTestId('webhook-delete')).toHaveText('Really delete?');
  await panel.getByTestId('webhook-delete').click();
  await expect(panel.getByTestId('webhooks-empty')).toBeVisible();
});

test("an artifact's owner adds a webhook from the live page", async ({ page }) => {
  const alice = new Api(server.url, () => server.token('alice'));
  const id = await alice.artifact('Release 2.4', upsertAll([{ id: 'notes', type: 'markdown', text: 'Shipping on Friday.' }]));
  await signIn(page, 'alice', `${server.url}/a/${id}`);
  await page.getByTestId('webhooks-open').click();
  const dialog = page.getByTestId('webhooks-dialog');
  await expect(dialog.getByTestId('webhooks-empty')).toBeVisible();
  await shoot(page, 'webhooks-dialog-empty');
  await dialog.getByTestId('webhook-url').fill(`${receiver.origin}/release`);
  await dialog.getByTestId('webhook-event-restored').uncheck();
  await dialog.getByTestId('webhook-add').click();
  await expect(dialog.getByTestId('webhook-secret')).toBeVisible();
  await expect(dialog.getByTestId('webhook-row')).toContainText('Published');
  await expect(dialog.getByTestId('webhook-row')).not.toContainText('Restored');
  const before = receiver.requests.length;
  await alice.publish(id);
  await expect.poll(() => receiver.requests.length, { timeout: 15_000 }).toBe(before + 1);
  await dialog.getByTestId('webhook-log-toggle').click();
  await expect(dialog.getByTestId('webhook-delivery-status').first()).toHaveText('Delivered');
  await shoot(page, 'webhooks-dialog-log');
  expect(await seriousViolations(page)).toEqual([]);

  // Bob (another author of acme, the artifact shared with the org) is not offered the control.
  await alice.share(id, { visibility: 'org' });
  const bob = await page.context().browser()!.newContext();
  const bobPage = await bob.newPage();
  await signIn(bobPage, 'bob', `${server.url}/a/${id}`);
  await expect(bobPage.locator('la-live-view[data-synced]')).toBeAttached();
  await expect(bobPage.getByTestId('webhooks-open')).toHaveCount(0);
  await bob.close();
});
