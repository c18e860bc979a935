import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '#policies';
import { MAX_ARTIFACT_WEBHOOKS, webhookListSchema, webhookSecretSchema } from '#shared/api';
import { startWebhookReceiver, type WebhookReceiver } from '../../e2e/support/webhook-receiver.ts';
import { FaultInjector } from '../store/faulty-sql.ts';
import { api, eventually, startTestServer, tokensNamePeople } from '../test-server.ts';

/*
 * Who may manage which hooks, which URLs are refused (SSRF), what the audit trail keeps, and
 * that an artifact's hooks go with it. A stand-in authenticator maps tokens to principals.
 */
const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'Alice', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'Bob', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  adam: { userId: 'adam', name: 'Adam', orgId: 'acme', roles: ['org-admin'], groups: [] },
  audrey: { userId: 'audrey', name: 'Audrey', orgId: 'acme', roles: ['auditor'], groups: [] },
  carol: { userId: 'carol', name: 'Carol', orgId: 'globex', roles: ['artifact-author'], groups: [] },
  gil: { userId: 'gil', name: 'Gil', orgId: 'globex', roles: ['org-admin'], groups: [] },
};

type ErrorBody = { error: { code: string; message: string; field?: string } };
let receiver: WebhookReceiver;
const faults = new FaultInjector();
let server: Awaited<ReturnType<typeof startTestServer>>;
let artifactId: string;
const hookUrl = () => `${receiver.origin}/hooks/secret-token-in-path`;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  server = await startTestServer({ WEBHOOK_CA_FILE: receiver.caFile, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_POLL_INTERVAL_MS: '60000' }, { authenticator: tokensNamePeople(people), wrapSql: (db) => faults.wrap(db) });
  const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'Shared with acme' }, 'alice');
  artifactId = body.id;
  await api(server.url, 'PUT', `/api/artifacts/${artifactId}/sharing`, { visibility: 'org' }, 'alice');
});
afterAll(async () => {
  await server?.dispose();
  await receiver?.close();
});

describe('org hooks', () => {
  it.each(['alice', 'audrey'])('refuses %s (not an org-admin) with 403 on every route', async (who) => {
    expect((await api(server.url, 'GET', '/api/admin/webhooks', undefined, who)).status).toBe(403);
    expect((await api(server.url, 'POST', '/api/admin/webhooks', { url: hookUrl(), events: ['published'] }, who)).status).toBe(403);
  });

  it('shows the secret once, lists without it, and keeps another org out (404)', async () => {
    const created = await api(server.url, 'POST', '/api/admin/webhooks', { url: hookUrl(), events: ['published', 'published', 'restored'] }, 'adam');
    expect(created.status).toBe(201);
    const { hook, secret } = webhookSecretSchema.parse(created.body);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(hook.events).toEqual(['published', 'restored']);
    const list = await api(server.url, 'GET', '/api/admin/webhooks', undefined, 'adam');
    expect(webhookListSchema.parse(list.body).hooks.map((h) => h.id)).toContain(hook.id);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    // Another org's admin: the hook does not exist for them.
    expect((await api(server.url, 'GET', '/api/admin/webhooks', undefined, 'gil')).body).toMatchObject({ hooks: [] });
    for (const [method, route] of [['DELETE', ''], ['GET', '/deliveries'], ['POST', '/test'], ['POST', '/secret']] as const) {
      expect((await api<ErrorBody>(server.url, method, `/api/admin/webhooks/${hook.id}${route}`, undefined, 'gil')).status).toBe(404);
    }
    const rotated = await api<{ secret: string; hook: { secretRotatedAt: string | null } }>(server.url, 'POST', `/api/admin/webhooks/${hook.id}/secret`, undefined, 'adam');
    expect(rotated.body.secret).not.toBe(secret);
    expect(rotated.body.hook.secretRotatedAt).not.toBeNull();
    const updated = await api<{ events: string[] }>(server.url, 'PUT', `/api/admin/webhooks/${hook.id}`, { url: hookUrl(), events: ['mentioned'] }, 'adam');
    expect(updated.body.events).toEqual(['mentioned']);
    expect((await api(server.url, 'DELETE', `/api/admin/webhooks/${hook.id}`, undefined, 'adam')).status).toBe(204);
    expect((await api(server.url, 'DELETE', `/api/admin/webhooks/${hook.id}`, undefined, 'adam')).status).toBe(404);
  });

  it('audits creation and deletion with metadata only: the host, never the path or the secret', async () => {
    const rows = await server.storage.db.query<{ action: string; details: unknown }>("select action, details from audit_events where action like 'webhook-%' order by seq");
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['webhook-created', 'webhook-updated', 'webhook-deleted']));
    const text = JSON.stringify(rows);
    expect(text).toContain(new URL(receiver.origin).host);
    expect(text).not.toContain('secret-token-in-path');
    expect(text).not.toContain('whsec_');
  });
});

describe('artifact hooks', () => {
  it("are the owner's: another author who can read it gets 403, another org 404", async () => {
    const route = `/api/artifacts/${artifactId}/webhooks`;
    expect((await api(server.url, 'POST', route, { url: hookUrl(), events: ['published'] }, 'bob')).status).toBe(403);
    expect((await api(server.url, 'GET', route, undefined, 'bob')).status).toBe(403);
    expect((await api(server.url, 'POST', route, { url: hookUrl(), events: ['published'] }, 'carol')).status).toBe(404);
    // An org-admin reads no more than anyone; the artifact's hooks are its owner's.
    expect((await api(server.url, 'POST', route, { url: hookUrl(), events: ['published'] }, 'adam')).status).toBe(403);
    const created = await api<{ hook: { id: string; artifactId: string } }>(server.url, 'POST', route, { url: hookUrl(), events: ['published'] }, 'alice');
    expect(created.status).toBe(201);
    expect(created.body.hook.artifactId).toBe(artifactId);
    // Not an org hook: the org list and routes do not see it.
    expect((await api(server.url, 'DELETE', `/api/admin/webhooks/${created.body.hook.id}`, undefined, 'adam')).status).toBe(404);
    expect((await api(server.url, 'GET', `${route}/${created.body.hook.id}/deliveries`, undefined, 'alice')).status).toBe(200);
  });

  it(`holds at most ${MAX_ARTIFACT_WEBHOOKS} per artifact (409 too_many_webhooks)`, async () => {
    const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'Many hooks' }, 'alice');
    for (let i = 0; i < MAX_ARTIFACT_WEBHOOKS; i++) expect((await api(server.url, 'POST', `/api/artifacts/${body.id}/webhooks`, { url: `${hookUrl()}/${i}`, events: ['published'] }, 'alice')).status).toBe(201);
    const over = await api<ErrorBody>(server.url, 'POST', `/api/artifacts/${body.id}/webhooks`, { url: hookUrl(), events: ['published'] }, 'alice');
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('too_many_webhooks');
  });

  it("go with their artifact when it is deleted, and so do org hooks' deliveries about it (they hold its title)", async () => {
    const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'Short-lived' }, 'alice');
    await api(server.url, 'POST', `/api/artifacts/${body.id}/webhooks`, { url: hookUrl(), events: ['published'] }, 'alice');
    const org = await api<{ hook: { id: string } }>(server.url, 'POST', '/api/admin/webhooks', { url: hookUrl(), events: ['published'] }, 'adam');
    await api(server.url, 'POST', `/api/artifacts/${body.id}/versions`, {}, 'alice');
    await eventually(async () => expect(await server.storage.db.query('select id from webhook_deliveries where artifact_id = $1', [body.id])).toHaveLength(2));
    expect(await server.storage.db.query('select id from webhooks where artifact_id = $1', [body.id])).toHaveLength(1);
    expect((await api(server.url, 'DELETE', `/api/artifacts/${body.id}`, undefined, 'alice')).status).toBe(204);
    expect(await server.storage.db.query('select id from webhooks where artifact_id = $1', [body.id])).toHaveLength(0);
    expect(await server.storage.db.query("select id from webhook_deliveries where body like '%Short-lived%'")).toHaveLength(0);
    await api(server.url, 'DELETE', `/api/admin/webhooks/${org.body.hook.id}`, undefined, 'adam');
  });
});

describe('notify', () => {
  it('never fails or holds up the publish that caused it: a delivery that cannot be queued is logged, the publish is answered', async () => {
    const hook = await api<{ hook: { id: string } }>(server.url, 'POST', '/api/admin/webhooks', { url: hookUrl(), events: ['published'] }, 'adam');
    const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'Queue down' }, 'alice');
    faults.arm({ kind: 'fail' }, /insert into webhook_deliveries/i);
    const published = await api<{ version: number }>(server.url, 'POST', `/api/artifacts/${body.id}/versions`, {}, 'alice');
    expect(published.status).toBe(201);
    await eventually(() => expect(faults.pending).toBe(0));
    // The next event is queued as usual.
    await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'meta.set', title: 'Queue back' }] }, 'alice');
    expect((await api(server.url, 'POST', `/api/artifacts/${body.id}/versions`, {}, 'alice')).status).toBe(201);
    await eventually(async () => expect(await server.storage.db.query('select id from webhook_deliveries where artifact_id = $1', [body.id])).toHaveLength(1));
    await api(server.url, 'DELETE', `/api/admin/webhooks/${hook.body.hook.id}`, undefined, 'adam');
  });
});

describe('URLs', () => {
  it.each([
    ['http://127.0.0.1/hook', 'invalid_webhook_url', /https:\/\//],
    ['https://user:pw@127.0.0.1/hook', 'invalid_webhook_url', /user name or password/],
    ['not a url', 'invalid_webhook_url', /not a URL/],
    [`https://127.0.0.1/${'x'.repeat(2100)}`, 'invalid_request', /url/],
    ['https://10.1.2.3/hook', 'webhook_url_refused', /private, loopback or link-local/],
    ['https://169.254.169.254/latest/meta-data', 'webhook_url_refused', /169\.254\.169\.254 is a private/],
    ['https://127.0.0.2/hook', 'webhook_url_refused', /127\.0\.0\.2/],
    ['https://[::1]/hook', 'webhook_url_refused', /::1/],
    ['https://[::ffff:10.0.0.1]/hook', 'webhook_url_refused', /private/],
    ['https://0.0.0.0/hook', 'webhook_url_refused', /0\.0\.0\.0/],
    ['https://192.168.1.1/hook', 'webhook_url_refused', /192\.168/],
  ])('refuses %s (%s)', async (url, code, message) => {
    const { status, body } = await api<ErrorBody>(server.url, 'POST', '/api/admin/webhooks', { url, events: ['published'] }, 'adam');
    expect(status).toBe(400);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
    expect(body.error.field).toBe('url');
  });

  it('refuses an empty event list and unknown events', async () => {
    for (const events of [[], ['deleted']]) {
      const { status, body } = await api<ErrorBody>(server.url, 'POST', '/api/admin/webhooks', { url: hookUrl(), events }, 'adam');
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 'invalid_request', field: expect.stringMatching(/^events/) });
    }
  });
});
