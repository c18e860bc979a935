import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ORG_POLICY, type OrgPolicy, type Principal } from '#policies';
import { api, connectViewer, startTestServer, tokensNamePeople } from '../test-server.ts';

/*
 * HTTP and the collaboration socket give the same answer for the same person and artifact,
 * because both ask policies' decide: the live JSON's error code equals the socket's refusal
 * reason, with the feature on and off, for a pinned artifact, and for those who may not read.
 */
const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'alice', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'bob', orgId: 'acme', roles: ['artifact-viewer'], groups: [] },
  adam: { userId: 'adam', name: 'adam', orgId: 'acme', roles: ['org-admin'], groups: [] },
  carol: { userId: 'carol', name: 'carol', orgId: 'globex', roles: ['artifact-author'], groups: [] },
};
const policy = (over: Partial<OrgPolicy> = {}): OrgPolicy => ({ ...DEFAULT_ORG_POLICY, retentionDays: { private: null, shared: null }, ...over });

let server: Awaited<ReturnType<typeof startTestServer>>;
let pinnedId: string;
let privateId: string;

beforeAll(async () => {
  server = await startTestServer({}, { authenticator: tokensNamePeople(people) });
  const create = async () => (await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'T' }, 'alice')).body.id;
  pinnedId = await create();
  privateId = await create();
  await api(server.url, 'POST', `/api/artifacts/${pinnedId}/versions`, {}, 'alice');
  await api(server.url, 'PUT', `/api/artifacts/${pinnedId}/sharing`, { visibility: 'org' }, 'alice');
  expect((await api(server.url, 'PUT', `/api/artifacts/${pinnedId}/settings`, { view: { mode: 'pinned', version: 1 } }, 'alice')).status).toBe(200);
});
afterAll(async () => {
  await server?.dispose();
});

/** The live JSON's answer: `ok` or the error code. */
async function overHttp(id: string, who: string): Promise<string> {
  const res = await api<{ error?: { code: string } }>(server.url, 'GET', `/api/artifacts/${id}`, undefined, who);
  return res.status === 200 ? 'ok' : (res.body.error?.code ?? `status ${res.status}`);
}

/** The socket's answer: `ok` once synced, or the refusal's reason. */
async function overSocket(id: string, who: string): Promise<string> {
  const viewer = connectViewer(server.url, id, who);
  try {
    return await Promise.race([
      viewer.synced.then(() => 'ok'),
      new Promise<string>((resolve) => viewer.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason))),
    ]);
  } finally {
    viewer.close();
  }
}

const CASES: [who: string, artifact: () => string, on: string, off: string][] = [
  ['alice', () => pinnedId, 'ok', 'feature_disabled'],
  ['bob', () => pinnedId, 'pinned', 'feature_disabled'],
  ['adam', () => pinnedId, 'pinned', 'feature_disabled'],
  ['bob', () => privateId, 'not_found', 'not_found'],
  ['carol', () => pinnedId, 'not_found', 'not_found'],
];

describe('the same answer on HTTP and the socket', () => {
  it('with the feature on', async () => {
    for (const [who, artifact, on] of CASES) {
      expect([who, await overHttp(artifact(), who), await overSocket(artifact(), who)]).toEqual([who, on, on]);
    }
  });

  it('with the feature off: a reader of a pinned artifact gets feature_disabled on both, those who cannot read still not_found', async () => {
    expect((await api(server.url, 'PUT', '/api/admin/policy', policy({ enabled: false }), 'adam')).status).toBe(200);
    try {
      for (const [who, artifact, , off] of CASES) {
        expect([who, await overHttp(artifact(), who), await overSocket(artifact(), who)]).toEqual([who, off, off]);
      }
    } finally {
      await api(server.url, 'PUT', '/api/admin/policy', policy(), 'adam');
    }
  });
});
