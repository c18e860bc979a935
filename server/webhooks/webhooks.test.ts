import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '#policies';
import { webhookPayloadSchema, type WebhookDelivery } from '#shared/api';
import { startWebhookReceiver, type WebhookReceiver } from '../../e2e/support/webhook-receiver.ts';
import { startServer } from '../app.ts';
import { loadConfig } from '../config.ts';
import { api, eventually, startTestServer, tokensNamePeople } from '../test-server.ts';
import { RETRY_BASE_MS } from './backoff.ts';
import { verifySignature } from './signature.ts';

/*
 * Deliveries end to end: a real server posts to a real HTTPS receiver (a certificate made for
 * the run, trusted through WEBHOOK_CA_FILE). The worker's clock is injected, so the backoff
 * schedule is checked by moving it rather than by waiting; the receiver's answers are scripted.
 */
const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'Alice', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  adam: { userId: 'adam', name: 'Adam', orgId: 'acme', roles: ['org-admin'], groups: [] },
};
const authenticator = tokensNamePeople(people);
const clock = { t: Date.parse('2026-12-02T12:00:00Z'), random: 0.5 };
const webhookClock = { now: () => clock.t, random: () => clock.random };

let receiver: WebhookReceiver;
let server: Awaited<ReturnType<typeof startTestServer>>;
const env = () => ({ WEBHOOK_CA_FILE: receiver.caFile, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_TIMEOUT_MS: '1000', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_POLL_INTERVAL_MS: '60000' });

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  server = await startTestServer(env(), { authenticator, webhookClock });
});
afterAll(async () => {
  await server?.dispose();
  await receiver?.close();
});
beforeEach(() => {
  receiver.requests.length = 0;
  receiver.answers.length = 0;
});

async function orgHook(events: string[], url = `${receiver.origin}/hook`): Promise<{ id: string; secret: string }> {
  const { status, body } = await api<{ hook: { id: string }; secret: string }>(server.url, 'POST', '/api/admin/webhooks', { url, events }, 'adam');
  expect(status).toBe(201);
  return { id: body.hook.id, secret: body.secret };
}
async function artifactWithText(title = 'Incident 42'): Promise<string> {
  const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title }, 'alice');
  await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 's', type: 'markdown', text: 'the secret body' } }] }, 'alice');
  return body.id;
}
const deliveries = async (hookId: string) => (await api<{ deliveries: WebhookDelivery[] }>(server.url, 'GET', `/api/admin/webhooks/${hookId}/deliveries`, undefined, 'adam')).body.deliveries;
const deleteHook = (id: string) => api(server.url, 'DELETE', `/api/admin/webhooks/${id}`, undefined, 'adam');

describe('webhook deliveries', () => {
  it('posts a signed body with ids, title and URL (no content) when an artifact is published', async () => {
    const hook = await orgHook(['published']);
    const id = await artifactWithText();
    const published = await api<{ version: number }>(server.url, 'POST', `/api/artifacts/${id}/versions`, {}, 'alice');
    expect(published.status).toBe(201);
    await eventually(() => expect(receiver.requests).toHaveLength(1));
    const [request] = receiver.requests;
    const signature = String(request?.headers['x-live-artifacts-signature']);
    expect(verifySignature(hook.secret, request?.body ?? '', signature, Math.floor(clock.t / 1000))).toBe(true);
    expect(verifySignature(hook.secret, `${request?.body} `, signature, Math.floor(clock.t / 1000))).toBe(false);
    expect(verifySignature('whsec_wrong', request?.body ?? '', signature, Math.floor(clock.t / 1000))).toBe(false);
    const payload = webhookPayloadSchema.parse(JSON.parse(request?.body ?? ''));
    expect(payload).toMatchObject({ type: 'published', orgId: 'acme', hookId: hook.id, actorId: 'alice', version: 1, artifact: { id, title: 'Incident 42', url: `${server.url}/a/${id}/v/1` } });
    expect(request?.headers['x-live-artifacts-delivery']).toBe(payload.deliveryId);
    expect(request?.headers['x-live-artifacts-event']).toBe('published');
    expect(request?.body).not.toContain('the secret body');
    await eventually(async () => expect((await deliveries(hook.id))[0]).toMatchObject({ id: payload.deliveryId, status: 'delivered', nextAttemptAt: null, attempts: [{ attempt: 1, statusCode: 200, error: null }] }));
    // Hooks are per event: a restore is not sent to a hook of `published` alone... but to one of `restored`.
    const restoredHook = await orgHook(['restored']);
    await api(server.url, 'POST', `/api/artifacts/${id}/versions/1/restore`, {}, 'alice');
    await eventually(() => expect(receiver.requests.map((r) => r.headers['x-live-artifacts-event'])).toContain('restored'));
    expect(JSON.parse(receiver.requests.find((r) => r.headers['x-live-artifacts-event'] === 'restored')?.body ?? '{}')).toMatchObject({ hookId: restoredHook.id, version: 1 });
    await deleteHook(hook.id);
    await deleteHook(restoredHook.id);
  });

  it('retries a 500 after 30 s, then 90 s (jitter at its middle), and stops at the first 2xx', async () => {
    const hook = await orgHook(['published']);
    receiver.answers.push(500, 503);
    const id = await artifactWithText();
    await api(server.url, 'POST', `/api/artifacts/${id}/versions`, {}, 'alice');
    const start = clock.t;
    await eventually(async () => expect((await deliveries(hook.id))[0]?.attempts).toHaveLength(1));
    let [delivery] = await deliveries(hook.id);
    expect(delivery).toMatchObject({ status: 'pending', nextAttemptAt: new Date(start + RETRY_BASE_MS).toISOString(), attempts: [{ statusCode: 500, error: 'HTTP 500' }] });
    // Not due yet: nothing is sent.
    clock.t = start + RETRY_BASE_MS - 1_000;
    await server.webhooks.runOnce();
    expect(receiver.requests).toHaveLength(1);
    clock.t = start + RETRY_BASE_MS;
    await server.webhooks.runOnce();
    [delivery] = await deliveries(hook.id);
    expect(delivery).toMatchObject({ status: 'pending', nextAttemptAt: new Date(clock.t + 3 * RETRY_BASE_MS).toISOString() });
    clock.t += 3 * RETRY_BASE_MS;
    await server.webhooks.runOnce();
    [delivery] = await deliveries(hook.id);
    expect(delivery?.status).toBe('delivered');
    expect(delivery?.attempts.map((a) => a.statusCode)).toEqual([500, 503, 200]);
    // One delivery id on every attempt, so the receiver can drop repeats; a fresh signature time each.
    expect(new Set(receiver.requests.map((r) => r.headers['x-live-artifacts-delivery'])).size).toBe(1);
    expect(new Set(receiver.requests.map((r) => String(r.headers['x-live-artifacts-signature']).split(',')[0])).size).toBe(3);
    await deleteHook(hook.id);
  });

  it('gives up after WEBHOOK_MAX_ATTEMPTS, stops at once on 410, and retries a timeout', async () => {
    const hook = await orgHook(['published']);
    receiver.answers.push(410);
    const id = await artifactWithText();
    await api(server.url, 'POST', `/api/artifacts/${id}/versions`, {}, 'alice');
    await eventually(async () => expect((await deliveries(hook.id))[0]).toMatchObject({ status: 'failed', nextAttemptAt: null, attempts: [{ statusCode: 410 }] }));
    clock.t += 10 * 60 * 60 * 1_000;
    await server.webhooks.runOnce();
    expect(receiver.requests).toHaveLength(1);

    receiver.requests.length = 0;
    receiver.answers.push('hang', 500, 500);
    await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: 's', text: ' more' }] }, 'alice');
    await api(server.url, 'POST', `/api/artifacts/${id}/versions`, {}, 'alice');
    await eventually(async () => expect((await deliveries(hook.id))[0]?.attempts).toHaveLength(1), 8_000);
    const [timedOut] = await deliveries(hook.id);
    expect(timedOut).toMatchObject({ status: 'pending', attempts: [{ statusCode: null, error: 'no answer within 1000 ms' }] });
    expect(timedOut?.attempts[0]?.durationMs).toBeGreaterThanOrEqual(1000);
    for (let i = 0; i < 2; i++) {
      clock.t += 60 * 60 * 1_000;
      await server.webhooks.runOnce();
    }
    const [last] = await deliveries(hook.id);
    expect(last).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(last?.attempts.map((a) => a.statusCode)).toEqual([null, 500, 500]);
    await deleteHook(hook.id);
  });

  it("sends a comment's text only when the org's admins opted in to content", async () => {
    const hook = await orgHook(['commented', 'mentioned']);
    const id = await artifactWithText();
    const event = { type: 'commented' as const, orgId: 'acme', artifactId: id, actorId: 'alice', at: new Date(clock.t).toISOString(), threadId: 't1', commentId: 'c1', text: 'the comment itself' };
    await server.webhooks.notify(event);
    await eventually(() => expect(receiver.requests).toHaveLength(1));
    const plain = JSON.parse(receiver.requests[0]?.body ?? '{}') as Record<string, unknown>;
    expect(plain).toMatchObject({ type: 'commented', threadId: 't1', commentId: 'c1' });
    expect(plain).not.toHaveProperty('text');
    expect((await api(server.url, 'PUT', '/api/admin/webhook-settings', { includeContent: true }, 'alice')).status).toBe(403);
    expect((await api(server.url, 'PUT', '/api/admin/webhook-settings', { includeContent: true }, 'adam')).status).toBe(200);
    await server.webhooks.notify({ ...event, type: 'mentioned', mentions: ['bob'] });
    await eventually(() => expect(receiver.requests).toHaveLength(2));
    expect(JSON.parse(receiver.requests[1]?.body ?? '{}')).toMatchObject({ type: 'mentioned', mentions: ['bob'], text: 'the comment itself' });
    await api(server.url, 'PUT', '/api/admin/webhook-settings', { includeContent: false }, 'adam');
    await deleteHook(hook.id);
  });

  it('sends a test event on demand, to a hook of any events', async () => {
    const hook = await orgHook(['mentioned']);
    const { status, body } = await api<{ deliveryId: string }>(server.url, 'POST', `/api/admin/webhooks/${hook.id}/test`, undefined, 'adam');
    expect(status).toBe(202);
    await eventually(() => expect(receiver.requests).toHaveLength(1));
    expect(JSON.parse(receiver.requests[0]?.body ?? '{}')).toMatchObject({ type: 'test', deliveryId: body.deliveryId, artifact: null, actorId: 'adam' });
    await deleteHook(hook.id);
  });
});

describe('a restart', () => {
  it('resumes a pending delivery', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'la-hooks-restart-'));
    const config = loadConfig({ PORT: '0', USERCONTENT_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env() });
    try {
      let running = await startServer(config, { authenticator, webhookClock });
      const created = await api<{ hook: { id: string } }>(running.url, 'POST', '/api/admin/webhooks', { url: `${receiver.origin}/restart`, events: ['published'] }, 'adam');
      const { body } = await api<{ id: string }>(running.url, 'POST', '/api/artifacts', { title: 'Restart' }, 'alice');
      receiver.answers.push(500);
      await api(running.url, 'POST', `/api/artifacts/${body.id}/versions`, {}, 'alice');
      await eventually(() => expect(receiver.requests).toHaveLength(1));
      await running.close();
      clock.t += RETRY_BASE_MS * 2;
      running = await startServer(config, { authenticator, webhookClock });
      // The new process's worker finds the delivery due when it starts: no event, no request.
      await eventually(() => expect(receiver.requests).toHaveLength(2));
      const log = await api<{ deliveries: WebhookDelivery[] }>(running.url, 'GET', `/api/admin/webhooks/${created.body.hook.id}/deliveries`, undefined, 'adam');
      await eventually(async () => {
        const [d] = (await api<{ deliveries: WebhookDelivery[] }>(running.url, 'GET', `/api/admin/webhooks/${created.body.hook.id}/deliveries`, undefined, 'adam')).body.deliveries;
        expect(d?.status).toBe('delivered');
      });
      expect(log.status).toBe(200);
      expect(receiver.requests[0]?.headers['x-live-artifacts-delivery']).toBe(receiver.requests[1]?.headers['x-live-artifacts-delivery']);
      await running.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
