import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { Principal, Visibility } from '#policies';
import { API_SCHEMAS, ERROR_CODES, SOCKET_REASONS, VISIBILITIES, type ApiSchemaName, type ErrorCode } from '#shared/api';
import type { AppError } from '../errors.ts';
import { startTestServer, tokensNamePeople } from '../test-server.ts';

/*
 * Schema round-trips: every route of the API is called on a real server, and each JSON answer
 * is parsed with the schema the OpenAPI document names for that route and status. The parse
 * must succeed and drop nothing (a field the schema lacks would be stripped), so the document,
 * the shared schemas and the server's real answers agree; error answers parse with `Error` and
 * carry a code of ERROR_CODES. Finally every operation of the document must have been called.
 */

const PEOPLE: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'Alice Author', orgId: 'acme', roles: ['artifact-author'], groups: ['sre'] },
  bob: { userId: 'bob', name: 'Bob', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  ada: { userId: 'ada', name: 'Ada Admin', orgId: 'acme', roles: ['artifact-author', 'org-admin'], groups: [] },
  audrey: { userId: 'audrey', name: 'Audrey Auditor', orgId: 'acme', roles: ['auditor'], groups: [] },
};

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>> };

let server: Awaited<ReturnType<typeof startTestServer>>;
let doc: Doc;
const called = new Set<string>();

beforeAll(async () => {
  // Webhook URLs must resolve to an allowed address: loopback here (deliveries fail, harmlessly).
  server = await startTestServer({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }, { authenticator: tokensNamePeople(PEOPLE) });
  doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as Doc;
});
afterAll(async () => {
  await server?.dispose();
});

/** The component the document names for a JSON answer of `route` with `status`. */
function documentedSchema(method: string, route: string, status: number): ApiSchemaName {
  const response = doc.paths[route]?.[method]?.responses[String(status)];
  expect(response, `${method.toUpperCase()} ${route} documents ${status}`).toBeDefined();
  const ref = response?.content?.['application/json']?.schema?.$ref ?? '';
  const name = ref.replace('#/components/schemas/', '');
  expect(Object.keys(API_SCHEMAS), `${method.toUpperCase()} ${route} ${status} names a schema (${ref})`).toContain(name);
  return name as ApiSchemaName;
}

/**
 * Calls `path` (the concrete form of the documented `route`) and checks its answer against the
 * document: JSON answers parse, unchanged, with the named schema; other answers have the media
 * type the document gives. Resolves with the JSON (or undefined).
 */
async function call(who: string | undefined, method: string, route: string, path: string, expected: number, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}${path}`, {
    method: method.toUpperCase(),
    headers: { ...(who ? { authorization: `Bearer ${who}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  expect(response.status, `${method.toUpperCase()} ${path}: ${text.slice(0, 300)}`).toBe(expected);
  called.add(`${method} ${route}`);
  const type = response.headers.get('content-type') ?? '';
  if (expected === 204) return {};
  if (!type.startsWith('application/json')) {
    const documented = Object.keys(doc.paths[route]?.[method]?.responses[String(expected)]?.content ?? {});
    expect(documented, `${method.toUpperCase()} ${route} documents ${type}`).toContain(type.split(';')[0]);
    return {};
  }
  const json: unknown = JSON.parse(text);
  const name = documentedSchema(method, route, expected);
  if (expected >= 400) expect(name).toBe('Error');
  const parsed = API_SCHEMAS[name].safeParse(json);
  expect(parsed.error?.issues ?? [], `${method.toUpperCase()} ${path} as ${name}`).toEqual([]);
  expect(parsed.data, `${method.toUpperCase()} ${path}: every field is in ${name}`).toEqual(json);
  return json as Record<string, unknown>;
}

const SECTIONS = [
  { id: 'md', type: 'markdown', title: 'Summary', text: 'line one\nline two' },
  { id: 'code', type: 'code', language: 'ts', code: 'let a = 1', diff: '@@ -1 +1 @@\n-a\n+b' },
  { id: 'chart', type: 'chart', chart: 'bar', xLabel: 'x', series: [{ name: 'p99', points: [['a', 1]] }] },
  { id: 'tl', type: 'timeline', events: [{ id: 'e1', at: '2026-01-01T10:00:00Z', title: 'Paged', severity: 'warning' }] },
  { id: 'cl', type: 'checklist', items: [{ id: 'i1', text: 'Page on-call' }] },
  { id: 'tb', type: 'table', columns: ['a', 'b'], rows: [[1, 'x']] },
  { id: 'co', type: 'callout', tone: 'warning', text: 'careful' },
  { id: 'me', type: 'metrics', items: [{ label: 'p99', value: 120, unit: 'ms', delta: -3 }] },
  { id: 'im', type: 'image', src: 'data:image/png;base64,iVBORw0KGgo=', alt: 'pixel' },
  { id: 'gone', type: 'markdown', text: 'removed later' },
];
/** A change to every section type, so the diff has details of each kind. */
const CHANGES = [
  { op: 'meta.set', title: 'Round trip, edited', status: 'resolved' },
  { op: 'text.append', id: 'md', text: '\nline three' },
  { op: 'section.upsert', section: { id: 'code', language: 'js', code: 'let a = 2' } },
  { op: 'section.upsert', section: { id: 'chart', chart: 'line', series: [{ name: 'p99', points: [['a', 1], ['b', 2]] }] } },
  { op: 'timeline.append', id: 'tl', event: { id: 'e2', at: '2026-01-01T11:00:00Z', title: 'Fixed' } },
  { op: 'checklist.set', id: 'cl', item: { id: 'i1', done: true } },
  { op: 'table.append', id: 'tb', rows: [[2, 'y']] },
  { op: 'section.upsert', section: { id: 'co', tone: 'success', text: 'fine' } },
  { op: 'section.upsert', section: { id: 'me', items: [{ label: 'p99', value: 80, unit: 'ms' }] } },
  { op: 'section.upsert', section: { id: 'im', alt: 'a pixel' } },
  { op: 'section.move', id: 'im', after: null },
  { op: 'section.upsert', section: { id: 'new', type: 'markdown', text: 'added' } },
  { op: 'section.remove', id: 'gone' },
];

describe('every route answers what its schema in the OpenAPI document says', () => {
  it('round-trips each answer, errors included', async () => {
    await call(undefined, 'get', '/healthz', '/healthz', 200);
    await call(undefined, 'get', '/readyz', '/readyz', 200);
    await call(undefined, 'get', '/api/config', '/api/config', 200);
    await call(undefined, 'get', '/api/openapi.json', '/api/openapi.json', 200);
    await call(undefined, 'get', '/api/me', '/api/me', 401);
    await call('alice', 'get', '/api/me', '/api/me', 200);
    await call('ada', 'get', '/api/me', '/api/me', 200);
    await call('alice', 'get', '/api/directory', '/api/directory?q=a', 200);

    const { id } = (await call('alice', 'post', '/api/artifacts', '/api/artifacts', 201, { title: 'Round trip', kind: 'incident' })) as { id: string };
    const a = `/api/artifacts/${id}`;
    await call('alice', 'post', '/api/artifacts', '/api/artifacts', 400, { title: '' });
    await call('alice', 'post', '/api/artifacts/{id}/ops', `${a}/ops`, 200, { ops: SECTIONS.map((section) => ({ op: 'section.upsert', section })) });
    await call('alice', 'post', '/api/artifacts/{id}/ops', `${a}/ops`, 400, { ops: [{ op: 'text.append', id: 'nope', text: 'x' }] });
    await call('alice', 'get', '/api/artifacts', '/api/artifacts', 200);
    await call('alice', 'get', '/api/artifacts/{id}', a, 200);
    await call('alice', 'get', '/api/artifacts/{id}', '/api/artifacts/nosuchartifact00', 404);
    await call('alice', 'get', '/api/artifacts/{id}/summary', `${a}/summary`, 200);

    await call('alice', 'post', '/api/artifacts/{id}/versions', `${a}/versions`, 201, { message: 'first' });
    await call('alice', 'post', '/api/artifacts/{id}/versions', `${a}/versions`, 200, {});
    await call('alice', 'post', '/api/artifacts/{id}/ops', `${a}/ops`, 200, { ops: CHANGES });
    await call('alice', 'post', '/api/artifacts/{id}/versions', `${a}/versions`, 201, { gitCommit: 'abc1234' });
    await call('alice', 'get', '/api/artifacts/{id}/versions', `${a}/versions`, 200);
    await call('alice', 'get', '/api/artifacts/{id}/versions/{n}', `${a}/versions/1`, 200);
    await call('alice', 'get', '/api/artifacts/{id}/versions/{n}/html', `${a}/versions/1/html`, 200);
    await call('alice', 'get', '/api/artifacts/{id}/versions/{n}/link', `${a}/versions/1/link`, 200);
    const diff = await call('alice', 'get', '/api/artifacts/{id}/diff', `${a}/diff?from=1&to=2`, 200);
    expect((diff.changed as { type: string }[]).map((c) => c.type).sort()).toEqual(['callout', 'chart', 'checklist', 'code', 'image', 'markdown', 'metrics', 'table', 'timeline']);
    await call('alice', 'get', '/api/artifacts/{id}/diff', `${a}/diff?from=1&to=live`, 200);
    await call('alice', 'get', '/api/artifacts/{id}/diff', `${a}/diff?from=x&to=live`, 400);
    await call('alice', 'post', '/api/artifacts/{id}/ops', `${a}/ops`, 200, { ops: [{ op: 'text.append', id: 'md', text: ' unpublished' }] });
    const restored = await call('alice', 'post', '/api/artifacts/{id}/versions/{n}/restore', `${a}/versions/1/restore`, 201);
    expect(restored.preservedVersion).toBe(3);
    await call('alice', 'post', '/api/artifacts/{id}/versions/{n}/restore', `${a}/versions/4/restore`, 200);

    await call('alice', 'get', '/api/artifacts/{id}/settings', `${a}/settings`, 200);
    await call('alice', 'put', '/api/artifacts/{id}/settings', `${a}/settings`, 200, { view: { mode: 'pinned', version: 1 } });
    await call('alice', 'get', '/api/artifacts/{id}/settings', `${a}/settings`, 200);
    await call('alice', 'put', '/api/artifacts/{id}/settings', `${a}/settings`, 400, { view: { mode: 'pinned', version: 99 } });
    await call('alice', 'put', '/api/artifacts/{id}/settings', `${a}/settings`, 200, { view: { mode: 'live' } });
    await call('alice', 'get', '/api/artifacts/{id}/sharing', `${a}/sharing`, 200);
    await call('alice', 'put', '/api/artifacts/{id}/sharing', `${a}/sharing`, 200, { visibility: 'restricted', users: ['bob'], groups: ['sre'] });
    await call('alice', 'put', '/api/artifacts/{id}/sharing', `${a}/sharing`, 400, { visibility: 'public' });
    await call('bob', 'get', '/api/artifacts/{id}/sharing', `${a}/sharing`, 403);
    await call('alice', 'put', '/api/artifacts/{id}/sharing', `${a}/sharing`, 200, { visibility: 'restricted', users: ['bob'], editors: { groups: ['sre'] } });
    await call('bob', 'post', '/api/artifacts/{id}/remix', `${a}/remix`, 201, { version: 1 });
    await call('bob', 'post', '/api/artifacts/{id}/remix', `${a}/remix`, 400, { version: 0 });
    await call('bob', 'get', '/api/artifacts/{id}/lineage', `${a}/lineage`, 200);

    const t = `${a}/comments`;
    await call('bob', 'get', '/api/artifacts/{id}/comments', t, 200);
    const thread = (await call('bob', 'post', '/api/artifacts/{id}/comments', t, 201, { anchor: { sectionId: 'md', quote: 'line one' }, text: '@agent why? cc @alice' })) as { id: string };
    await call('bob', 'post', '/api/artifacts/{id}/comments', t, 400, { anchor: { sectionId: 'nope' }, text: 'where?' });
    const th = `${t}/${thread.id}`;
    await call('bob', 'get', '/api/artifacts/{id}/comments/{threadId}', th, 200);
    const replied = (await call('alice', 'post', '/api/artifacts/{id}/comments/{threadId}/replies', `${th}/replies`, 201, { text: 'because', viaAgent: true })) as { comments: { id: string }[] };
    const mine = `${th}/comments/${replied.comments[1]!.id}`;
    await call('alice', 'put', '/api/artifacts/{id}/comments/{threadId}/comments/{commentId}', mine, 200, { text: 'because of the deploy' });
    await call('bob', 'put', '/api/artifacts/{id}/comments/{threadId}/comments/{commentId}', mine, 403, { text: 'not mine' });
    await call('bob', 'post', '/api/artifacts/{id}/comments/{threadId}/resolve', `${th}/resolve`, 200);
    await call('bob', 'post', '/api/artifacts/{id}/comments/{threadId}/reopen', `${th}/reopen`, 200);
    await call('alice', 'get', '/api/comments/agent', '/api/comments/agent?limit=10', 200);
    await call('alice', 'get', '/api/comments/agent', '/api/comments/agent?since=bogus', 400);
    await call('alice', 'delete', '/api/artifacts/{id}/comments/{threadId}/comments/{commentId}', mine, 204);

    await call('audrey', 'put', '/api/artifacts/{id}/legal-hold', `${a}/legal-hold`, 200, { hold: true });
    await call('alice', 'delete', '/api/artifacts/{id}', a, 409);
    await call('audrey', 'put', '/api/artifacts/{id}/legal-hold', `${a}/legal-hold`, 200, { hold: false });

    await call('ada', 'get', '/api/admin/policy', '/api/admin/policy', 200);
    await call('ada', 'put', '/api/admin/policy', '/api/admin/policy', 200, { enabled: true, orgWideSharing: 'admins', retentionDays: { private: null, shared: 365 }, keepVersions: 10 });
    await call('ada', 'get', '/api/admin/policy', '/api/admin/policy', 200);
    await call('ada', 'put', '/api/admin/policy', '/api/admin/policy', 400, { enabled: 'yes' });
    await call('ada', 'post', '/api/admin/retention/run', '/api/admin/retention/run', 200);
    await call('alice', 'get', '/api/admin/policy', '/api/admin/policy', 403);

    await call('alice', 'post', '/api/hooks/{source}', '/api/hooks/claude-code', 201, { session_id: 'schema-check', hook_event_name: 'SessionStart', cwd: '/srv/shop' });
    await call('alice', 'post', '/api/hooks/{source}', '/api/hooks/claude-code', 200, { session_id: 'schema-check', hook_event_name: 'Stop' });
    await call('alice', 'post', '/api/hooks/{source}', '/api/hooks/codex', 400, { hook_event_name: 'Stop' });

    const c = `/api/compliance/artifacts/${id}`;
    await call('audrey', 'get', '/api/compliance/artifacts', '/api/compliance/artifacts?limit=1', 200);
    await call('audrey', 'get', '/api/compliance/artifacts', '/api/compliance/artifacts?limit=x', 400);
    await call('audrey', 'get', '/api/compliance/artifacts/{id}', c, 200);
    await call('audrey', 'get', '/api/compliance/artifacts/{id}/versions', `${c}/versions`, 200);
    await call('audrey', 'get', '/api/compliance/artifacts/{id}/versions/{n}', `${c}/versions/2`, 200);
    await call('audrey', 'get', '/api/compliance/artifacts/{id}/versions/{n}', `${c}/versions/2?format=html`, 200);
    await call('audrey', 'get', '/api/compliance/artifacts/{id}/versions/{n}/html', `${c}/versions/2/html`, 200);
    await call('audrey', 'get', '/api/compliance/artifacts/{id}/export', `${c}/export`, 200);
    const events = await call('audrey', 'get', '/api/compliance/events', '/api/compliance/events?limit=200', 200);
    expect((events.items as unknown[]).length).toBeGreaterThan(10);
    await call('audrey', 'get', '/api/compliance/events', '/api/compliance/events?cursor=bogus', 400);
    await call('audrey', 'get', '/api/compliance/verify', '/api/compliance/verify', 200);
    await call('alice', 'get', '/api/compliance/verify', '/api/compliance/verify', 403);

    const { id: other } = (await call('alice', 'post', '/api/artifacts', '/api/artifacts', 201, { title: 'Deleted by the compliance API' })) as { id: string };
    await call('audrey', 'delete', '/api/compliance/artifacts/{id}', `/api/compliance/artifacts/${other}`, 204);
    await call('alice', 'delete', '/api/artifacts/{id}', a, 204);
  });

  it('round-trips the webhook routes', async () => {
    const { id } = (await call('alice', 'post', '/api/artifacts', '/api/artifacts', 201, { title: 'Hooked' })) as { id: string };
    const hook = { url: 'https://127.0.0.1:9/hook', events: ['published'] };
    for (const [who, base, route] of [['ada', '/api/admin/webhooks', '/api/admin/webhooks'], ['alice', `/api/artifacts/${id}/webhooks`, '/api/artifacts/{id}/webhooks']] as const) {
      const created = (await call(who, 'post', route, base, 201, hook)) as { hook: { id: string } };
      await call(who, 'post', route, base, 400, { ...hook, url: 'https://10.0.0.1/' });
      await call(who, 'get', route, base, 200);
      const h = `${base}/${created.hook.id}`;
      await call(who, 'put', `${route}/{hookId}`, h, 200, { ...hook, events: ['restored', 'mentioned'] });
      await call(who, 'post', `${route}/{hookId}/secret`, `${h}/secret`, 200);
      await call(who, 'post', `${route}/{hookId}/test`, `${h}/test`, 202);
      await call(who, 'get', `${route}/{hookId}/deliveries`, `${h}/deliveries`, 200);
      await call(who, 'delete', `${route}/{hookId}`, h, 204);
      await call(who, 'delete', `${route}/{hookId}`, h, 404);
    }
    await call('bob', 'get', '/api/artifacts/{id}/webhooks', `/api/artifacts/${id}/webhooks`, 404);
    await call('ada', 'put', '/api/admin/webhook-settings', '/api/admin/webhook-settings', 200, { includeContent: false });
    await call('alice', 'put', '/api/admin/webhook-settings', '/api/admin/webhook-settings', 403, { includeContent: true });
  });

  it('called every operation the document describes', () => {
    const documented = Object.entries(doc.paths).flatMap(([route, methods]) => Object.keys(methods).map((m) => `${m} ${route}`));
    expect(documented.filter((op) => !called.has(op))).toEqual([]);
  });
});

describe('one list of error codes and one set of visibilities', () => {
  it('types the server and the rules with them', () => {
    expectTypeOf<AppError['code']>().toEqualTypeOf<ErrorCode>();
    expectTypeOf<Visibility>().toEqualTypeOf<(typeof VISIBILITIES)[number]>();
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(ERROR_CODES).toEqual(expect.arrayContaining(Object.values(SOCKET_REASONS)));
  });
});
