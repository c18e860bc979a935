import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../../e2e/support/postgres.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../e2e/support/webhook-receiver.ts';
import { createLogger } from '../log.ts';
import { openStorage, type Storage } from '../store/index.ts';
import { WebhookNotifier } from './notifier.ts';

/*
 * Two instances (two Storages with their own pools, two workers) on one PostgreSQL database:
 * each delivery is claimed by exactly one of them, and one whose instance died mid-attempt is
 * taken over once its lease runs out.
 */
let database: FreshDatabase;
let receiver: WebhookReceiver;
const opened: Storage[] = [];
const settings = { allowedHosts: ['127.0.0.1'], caFile: undefined as string | undefined, timeoutMs: 2_000, maxAttempts: 3, pollIntervalMs: 60_000 };

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  settings.caFile = receiver.caFile;
});
afterAll(async () => {
  await receiver?.close();
});
beforeEach(async () => {
  database = await freshDatabase();
  receiver.requests.length = 0;
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await database?.drop();
});

async function instance(): Promise<{ storage: Storage; notifier: WebhookNotifier }> {
  const storage = await openStorage({ dataDir: '', databaseUrl: database.url, databasePoolSize: 4 });
  opened.push(storage);
  const notifier = new WebhookNotifier({ store: storage.webhooks, artifacts: storage.artifacts, settings, logger: createLogger('silent'), appOrigin: () => 'https://app.test' });
  return { storage, notifier };
}

async function seed(storage: Storage, deliveries: number): Promise<void> {
  await storage.artifacts.createArtifact({ id: 'aaaaaaaaaaaaaaaa', title: 'Claimed', kind: 'k', ownerId: 'alice', orgId: 'acme' });
  await storage.webhooks.create({ id: 'wh_1', orgId: 'acme', artifactId: null, url: `${receiver.origin}/claims`, events: ['published'], secret: 's', createdBy: 'adam' }, 20, { orgId: 'acme', actorId: 'adam', action: 'webhook-created' });
  const at = new Date(Date.now() - 1_000);
  await storage.webhooks.enqueue(Array.from({ length: deliveries }, (_, i) => ({ id: `whd_${String(i).padStart(3, '0')}`, hookId: 'wh_1', artifactId: 'aaaaaaaaaaaaaaaa', event: 'published' as const, body: `{"n":${i}}`, nextAttemptAt: at })));
}

it('delivers each queued delivery once when two instances work the queue together', async () => {
  const [a, b] = [await instance(), await instance()];
  await seed(a.storage, 40);
  await Promise.all([a.notifier.runOnce(), b.notifier.runOnce(), a.notifier.runOnce(), b.notifier.runOnce()]);
  await Promise.all([a.notifier.runOnce(), b.notifier.runOnce()]);
  const ids = receiver.requests.map((r) => String(r.headers['x-live-artifacts-delivery']));
  expect(ids).toHaveLength(40);
  expect(new Set(ids).size).toBe(40);
  const rows = await a.storage.db.query<{ status: string; attempts: number }>('select status, attempts from webhook_deliveries');
  expect(rows.every((r) => r.status === 'delivered' && Number(r.attempts) === 1)).toBe(true);
});

it("takes over a delivery whose instance died mid-attempt once the lease runs out, and not before", async () => {
  const [a, b] = [await instance(), await instance()];
  await seed(a.storage, 1);
  const now = new Date();
  // Instance a claims and then "dies" (never records the attempt).
  expect(await a.storage.webhooks.claimDue(now, 10, 5_000)).toHaveLength(1);
  expect(await b.storage.webhooks.claimDue(new Date(now.getTime() + 4_000), 10, 5_000)).toHaveLength(0);
  const [taken] = await b.storage.webhooks.claimDue(new Date(now.getTime() + 5_000), 10, 5_000);
  expect(taken).toMatchObject({ id: 'whd_000', attempt: 2 });
});
