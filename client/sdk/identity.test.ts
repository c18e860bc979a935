import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../e2e/support/rejection.ts';
import { startServerProcess, type ServerProcess } from '../../e2e/support/server-process.ts';
import { ArtifactsClient, ArtifactsError, type FetchLike } from './index.ts';

interface Seen {
  url: string;
  method: string;
  body: unknown;
  authorization: string | null;
}

/** A fetch that records each request and answers with the next canned response. */
function cannedFetch(...answers: { status?: number; body: unknown }[]) {
  const seen: Seen[] = [];
  const fetch: FetchLike = async (url, init) => {
    seen.push({
      url,
      method: String(init.method),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: new Headers(init.headers).get('authorization'),
    });
    const answer = answers.shift() ?? { status: 500, body: {} };
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200 });
  };
  return { client: new ArtifactsClient({ baseUrl: 'http://api.test', fetch, token: 'tok' }), seen };
}

const ID = 'abcdefghijklmnop';
const BASE = `http://api.test/api/artifacts/${ID}`;
const ME = { userId: 'u-alice', name: 'Alice Anders', orgId: 'acme', roles: ['artifact-author'], groups: ['acme-sre'] };
const SUMMARY = {
  id: ID,
  title: 'T',
  kind: 'incident',
  owner: 'u-alice',
  ownerName: 'Alice Anders',
  orgId: 'acme',
  visibility: 'org',
  pinnedVersion: null,
  updatedAt: '2026-01-01T00:00:00Z',
  createdAt: '2026-01-01T00:00:00Z',
  latestVersion: null,
};

describe('ArtifactsClient identity and sharing calls', () => {
  it.each<[string, (c: ArtifactsClient) => Promise<unknown>, unknown, { method: string; url: string; body?: unknown }, unknown]>([
    [
      'config',
      (c) => c.config(),
      { oidc: { issuer: 'http://idp.test/realms/artifacts', clientId: 'artifacts-web' }, usercontentOrigin: 'http://uc.test', collabPath: '/collab' },
      { method: 'GET', url: 'http://api.test/api/config' },
      { oidc: { issuer: 'http://idp.test/realms/artifacts', clientId: 'artifacts-web' }, usercontentOrigin: 'http://uc.test', collabPath: '/collab' },
    ],
    ['me', (c) => c.me(), ME, { method: 'GET', url: 'http://api.test/api/me' }, ME],
    [
      'directory with a query',
      (c) => c.directory('bo b&'),
      { people: [{ userId: 'u-bob', name: 'Bob Baker', extra: 1 }], groups: ['acme-sre'] },
      { method: 'GET', url: 'http://api.test/api/directory?q=bo+b%26' },
      { people: [{ userId: 'u-bob', name: 'Bob Baker' }], groups: ['acme-sre'] },
    ],
    ['directory without a query', (c) => c.directory(), { people: [], groups: [] }, { method: 'GET', url: 'http://api.test/api/directory' }, { people: [], groups: [] }],
    ['summary', (c) => c.summary(ID), SUMMARY, { method: 'GET', url: `${BASE}/summary` }, { ...SUMMARY, remixedFrom: null, yourShare: null }],
    [
      'sharing',
      (c) => c.sharing(ID),
      { visibility: 'restricted', users: ['u-bob'], groups: ['acme-sre'] },
      { method: 'GET', url: `${BASE}/sharing` },
      { visibility: 'restricted', users: ['u-bob'], groups: ['acme-sre'], editors: { users: [], groups: [] } },
    ],
    [
      'setSharing',
      (c) => c.setSharing(ID, { visibility: 'restricted', users: ['u-bob'], groups: [] }),
      { visibility: 'restricted', users: ['u-bob'], groups: [] },
      { method: 'PUT', url: `${BASE}/sharing`, body: { visibility: 'restricted', users: ['u-bob'], groups: [] } },
      { visibility: 'restricted', users: ['u-bob'], groups: [], editors: { users: [], groups: [] } },
    ],
    [
      'setSharing to org',
      (c) => c.setSharing(ID, { visibility: 'org' }),
      { visibility: 'org', users: [], groups: [] },
      { method: 'PUT', url: `${BASE}/sharing`, body: { visibility: 'org' } },
      { visibility: 'org', users: [], groups: [], editors: { users: [], groups: [] } },
    ],
  ])('%s', async (_name, call, answer, request, result) => {
    const { client, seen } = cannedFetch({ body: answer });
    await expect(call(client)).resolves.toEqual(result);
    expect(seen).toEqual([{ body: undefined, authorization: 'Bearer tok', ...request }]);
  });

  it.each<[string, (c: ArtifactsClient) => Promise<unknown>, unknown]>([
    ['config without an IdP', (c) => c.config(), { oidc: null, usercontentOrigin: 'x', collabPath: '/collab' }],
    ['me without a user id', (c) => c.me(), { name: 'x', orgId: 'acme', roles: [] }],
    ['directory without groups', (c) => c.directory(), { people: [] }],
    ['summary with a public visibility', (c) => c.summary(ID), { ...SUMMARY, visibility: 'public' }],
    ['sharing without visibility', (c) => c.sharing(ID), { users: [] }],
  ])('%s is a bad_response', async (_name, call, answer) => {
    const { client } = cannedFetch({ body: answer });
    await expect(call(client)).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('maps a refused sharing to the server code and details', async () => {
    const { client } = cannedFetch({
      status: 400,
      body: { error: { code: 'invalid_request', message: 'users and groups apply only to visibility "restricted"', field: 'visibility' } },
    });
    const error = await client.setSharing(ID, { visibility: 'org', users: ['x'] } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactsError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', details: { field: 'visibility' } });
  });
});

/** A real access token from the server's IdP (password grant of the CLI client, demo users only). */
async function passwordToken(issuer: string, username: string): Promise<string> {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'artifacts-cli', username, password: username }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || !body.access_token) throw new Error(`no token for ${username}: HTTP ${response.status}`);
  return body.access_token;
}

describe('identity and sharing against the real server and its IdP', () => {
  let server: ServerProcess;
  const as: Record<'alice' | 'bob' | 'carol', ArtifactsClient> = {} as never;

  beforeAll(async () => {
    server = await startServerProcess();
    const { oidc } = await new ArtifactsClient({ baseUrl: server.url }).config();
    for (const name of ['alice', 'bob', 'carol'] as const) {
      const token = await passwordToken(oidc.issuer, name);
      as[name] = new ArtifactsClient({ baseUrl: server.url, token });
    }
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it('reads the public config without a token', async () => {
    const config = await new ArtifactsClient({ baseUrl: server.url }).config();
    expect(config.collabPath).toBe('/collab');
    expect(config.oidc.issuer).toMatch(/\/realms\/[^/]+$/);
    expect(config.oidc.clientId).toBe('artifacts-web');
  });

  it('says who the caller is, and lists only their own org', async () => {
    const me = await as.alice.me();
    expect(me).toMatchObject({ name: expect.stringMatching(/^Alice/), orgId: 'acme', roles: expect.arrayContaining(['artifact-author']) });
    const directory = await as.alice.directory();
    const names = directory.people.map((p) => p.name);
    expect(names.some((n) => n.startsWith('Bob'))).toBe(true);
    expect(names.some((n) => n.startsWith('Carol'))).toBe(false);
    const narrowed = await as.alice.directory('bob');
    expect(narrowed.people.map((p) => p.name)).toEqual([expect.stringMatching(/^Bob/)]);
  });

  it('shares with a person, as the summary and the other side show', async () => {
    const alice = await as.alice.me();
    const bob = (await as.alice.directory('bob')).people[0]!;
    const { id } = await as.alice.create({ title: 'Shared by the SDK' });
    expect(await as.alice.sharing(id)).toEqual({ visibility: 'private', users: [], groups: [], editors: { users: [], groups: [] } });
    expect(await as.alice.summary(id)).toMatchObject({ id, owner: alice.userId, ownerName: alice.name, orgId: 'acme', visibility: 'private', pinnedVersion: null });
    expect((await caught(as.bob.summary(id))).status).toBe(404);

    expect(await as.alice.setSharing(id, { visibility: 'restricted', users: [bob.userId] })).toEqual({ visibility: 'restricted', users: [bob.userId], groups: [], editors: { users: [], groups: [] } });
    expect(await as.bob.summary(id)).toMatchObject({ id, visibility: 'restricted', owner: alice.userId });
    expect((await caught(as.bob.sharing(id))).status).toBe(403);
    expect((await caught(as.carol.summary(id))).status).toBe(404);

    expect((await as.alice.setSharing(id, { visibility: 'private' })).visibility).toBe('private');
    expect((await caught(as.bob.summary(id))).status).toBe(404);
  });

  it('maps the server refusals to ArtifactsError codes', async () => {
    const { id } = await as.alice.create({ title: 'Refusals' });
    expect(await caught(as.alice.setSharing(id, { visibility: 'org', users: ['someone'] } as never))).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(await caught(new ArtifactsClient({ baseUrl: server.url }).me())).toMatchObject({ status: 401 });
  });
});

const caught = (promise: Promise<unknown>) => rejectionOf(promise, ArtifactsError);
