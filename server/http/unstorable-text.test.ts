import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAuthenticator } from '../audit/test-support.ts';
import { api, startTestServer, storedJSON } from '../test-server.ts';

/*
 * Text PostgreSQL cannot store (U+0000; an unpaired surrogate, which only a JSON body can carry)
 * at every HTTP entry point of caller text, against the real server and PGlite: 400 with the
 * field (ops: `invalid_text` with the op's index and path), nothing stored, and the artifact
 * goes on accepting batches. Before, a U+0000 title made every later batch of it fail.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let id: string;

type Answer = { status: number; body: { error?: { code: string; field?: string; opIndex?: number; path?: string } } };
const call = (who: string, method: string, route: string, body?: unknown) => api<Answer['body']>(server.url, method, route, body, who) as Promise<Answer>;
const q = (text: string) => encodeURIComponent(text);

/** `value` with every string equal to `placeholder` replaced. */
function replacing(value: unknown, placeholder: string, replacement: string): unknown {
  if (value === placeholder) return replacement;
  if (Array.isArray(value)) return value.map((v) => replacing(v, placeholder, replacement));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacing(v, placeholder, replacement)]));
  return value;
}

beforeAll(async () => {
  server = await startTestServer({}, { authenticator: testAuthenticator });
  ({ id } = (await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'Checkout latency' }, 'alice')).body);
  const ops = [
    { op: 'section.upsert', section: { id: 'tl', type: 'timeline' } },
    { op: 'section.upsert', section: { id: 'tb', type: 'table', columns: ['host'], rows: [] } },
    { op: 'section.upsert', section: { id: 'ch', type: 'chart', chart: 'line', series: [] } },
    { op: 'section.upsert', section: { id: 'cl', type: 'checklist', items: [] } },
  ];
  expect((await call('alice', 'POST', `/api/artifacts/${id}/ops`, { ops })).status).toBe(200);
  expect((await call('alice', 'POST', `/api/artifacts/${id}/versions`, { message: 'first' })).status).toBe(201);
});
afterAll(async () => {
  await server?.dispose();
});

/** Everything a refused request could have changed. */
async function snapshot() {
  return {
    doc: await storedJSON(server, id),
    list: (await call('alice', 'GET', '/api/artifacts')).body,
    sharing: (await call('alice', 'GET', `/api/artifacts/${id}/sharing`)).body,
    versions: (await call('alice', 'GET', `/api/artifacts/${id}/versions`)).body,
  };
}

const BAD: Record<string, string> = { 'U+0000': 'a\u0000b', 'a lone surrogate': 'a\ud800b' };

interface BodyCase {
  name: string;
  send: (bad: string) => Promise<Answer>;
  /** `field` for HTTP bodies; `path` for ops (code `invalid_text`). */
  field?: string;
  path?: string;
}

const bodyCases: BodyCase[] = [
  { name: 'create: title', send: (bad) => call('alice', 'POST', '/api/artifacts', { title: bad }), field: 'title' },
  { name: 'create: kind', send: (bad) => call('alice', 'POST', '/api/artifacts', { title: 'ok', kind: bad }), field: 'kind' },
  { name: 'sharing: users', send: (bad) => call('alice', 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'restricted', users: ['bob', bad] }), field: 'users.1' },
  { name: 'sharing: groups', send: (bad) => call('alice', 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'restricted', groups: [bad] }), field: 'groups.0' },
  { name: 'publish: message', send: (bad) => call('alice', 'POST', `/api/artifacts/${id}/versions`, { message: bad }), field: 'message' },
  { name: 'publish: gitCommit', send: (bad) => call('alice', 'POST', `/api/artifacts/${id}/versions`, { gitCommit: `abcdef1${bad}` }), field: 'gitCommit' },
  ...(
    [
      ['meta.set title', { op: 'meta.set', title: 'BAD' }, 'title'],
      ['meta.set kind', { op: 'meta.set', kind: 'BAD' }, 'kind'],
      ['section title', { op: 'section.upsert', section: { id: 'md', type: 'markdown', title: 'BAD', text: 'x' } }, 'section.title'],
      ['markdown text', { op: 'section.upsert', section: { id: 'md', type: 'markdown', text: 'BAD' } }, 'section.text'],
      ['timeline event title', { op: 'timeline.append', id: 'tl', event: { at: '2026-11-21T10:00:00Z', title: 'BAD' } }, 'event.title'],
      ['checklist item text', { op: 'checklist.set', id: 'cl', item: { id: 'i1', text: 'BAD' } }, 'item.text'],
      ['table cell', { op: 'table.append', id: 'tb', rows: [['BAD']] }, 'rows.0.0'],
      ['chart series name', { op: 'chart.append', id: 'ch', series: 'BAD', points: [[1, 2]] }, 'series'],
      ['metric label', { op: 'section.upsert', section: { id: 'm', type: 'metrics', items: [{ label: 'BAD', value: 1 }] } }, 'section.items.0.label'],
    ] as const
  ).map(([name, op, path]): BodyCase => ({
    name: `ops: ${name}`,
    // A good op first: the whole batch is refused, not just the bad op.
    send: (bad) => call('alice', 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'meta.set', status: 'open' }, replacing(op, 'BAD', bad)] }),
    path,
  })),
];

describe('text PostgreSQL cannot store is refused at every entry point', () => {
  const cases = bodyCases.flatMap((c) => Object.entries(BAD).map(([what, bad]) => ({ ...c, what, bad })));

  it.each(cases)('$name with $what → 400, nothing stored', async ({ send, bad, field, path }) => {
    const before = await snapshot();
    const answer = await send(bad);
    expect(answer.status).toBe(400);
    if (path) expect(answer.body.error).toMatchObject({ code: 'invalid_text', opIndex: 1, path });
    else expect(answer.body.error).toMatchObject({ code: 'invalid_request', field });
    expect(await snapshot()).toEqual(before);
  });

  const queries: [string, string, string, string][] = [
    ['alice', '/api/artifacts?q=', 'invalid_request', 'q'],
    ['alice', '/api/artifacts?kind=', 'invalid_request', 'kind'],
    ['alice', '/api/directory?q=', 'invalid_request', 'q'],
    ['audrey', '/api/compliance/artifacts?q=', 'invalid_filter', 'q'],
    ['audrey', '/api/compliance/artifacts?owner=', 'invalid_filter', 'owner'],
    ['audrey', '/api/compliance/artifacts?kind=', 'invalid_filter', 'kind'],
    ['audrey', '/api/compliance/artifacts?cursor=', 'invalid_filter', 'cursor'],
    ['audrey', '/api/compliance/events?actor=', 'invalid_filter', 'actor'],
    ['audrey', '/api/compliance/events?artifact=', 'invalid_filter', 'artifact'],
    ['audrey', '/api/compliance/events?action=edited,', 'invalid_filter', 'action'],
  ];
  it.each(queries)('%s GET %sU+0000 → 400 %s (%s)', async (who, route, code, field) => {
    const answer = await call(who, 'GET', `${route}${q('a\u0000b')}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code, field });
  });

  it('refuses a compliance cursor that decodes to unstorable text', async () => {
    const cursor = Buffer.from(JSON.stringify({ l: 'artifacts', c: '2026-01-01\u0000', i: 'x' })).toString('base64url');
    const answer = await call('audrey', 'GET', `/api/compliance/artifacts?cursor=${cursor}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid_cursor', field: 'cursor' });
  });

  it('keeps the artifact writable: later batches, the title mirror, search and publish all work', async () => {
    for (const bad of Object.values(BAD)) {
      expect((await call('alice', 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'meta.set', title: `Checkout ${bad}` }] })).status).toBe(400);
    }
    for (let i = 0; i < 3; i++) {
      const answer = await call('alice', 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'timeline.append', id: 'tl', event: { at: `2026-11-21T10:0${i}:00Z`, title: `step ${i}` } }] });
      expect(answer.status).toBe(200);
    }
    expect((await call('alice', 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'meta.set', title: 'Checkout latency, resolved' }] })).status).toBe(200);
    const list = (await call('alice', 'GET', `/api/artifacts?q=${q('resolved')}`)).body as unknown as { artifacts: { id: string; title: string }[] };
    expect(list.artifacts.map((a) => [a.id, a.title])).toEqual([[id, 'Checkout latency, resolved']]);
    expect((await call('alice', 'POST', `/api/artifacts/${id}/versions`, { message: 'resolved \ud83d\ude00' })).status).toBe(201);
    expect((await storedJSON(server, id)).sections.find((s) => s.id === 'tl')).toMatchObject({ events: [{ title: 'step 0' }, { title: 'step 1' }, { title: 'step 2' }] });
  });
});
