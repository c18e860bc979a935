import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ORG_POLICY, type OrgPolicy, type Principal } from '#policies';
import { accessToken } from '../../e2e/support/tokens.ts';
import { api, connectViewer, eventually, startTestServer, tokensNamePeople } from '../test-server.ts';

/*
 * The org policy through the real server: the admin API (who, validation), and enforcement on
 * every route and socket (feature off, org-wide sharing for admins only). A stand-in
 * authenticator maps tokens to principals; the last block uses the embedded IdP's real tokens.
 */
const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'alice', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'bob', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  vic: { userId: 'vic', name: 'vic', orgId: 'acme', roles: ['artifact-viewer'], groups: [] },
  audrey: { userId: 'audrey', name: 'audrey', orgId: 'acme', roles: ['auditor'], groups: [] },
  adam: { userId: 'adam', name: 'adam', orgId: 'acme', roles: ['org-admin'], groups: [] },
  ada: { userId: 'ada', name: 'ada', orgId: 'acme', roles: ['artifact-author', 'org-admin'], groups: [] },
  carol: { userId: 'carol', name: 'carol', orgId: 'globex', roles: ['artifact-author'], groups: [] },
  gil: { userId: 'gil', name: 'gil', orgId: 'globex', roles: ['org-admin'], groups: [] },
};
const authenticator = tokensNamePeople(people);

type ErrorBody = { error: { code: string; message: string; field?: string; errors?: { field: string; code: string }[] } };
const policy = (over: Partial<OrgPolicy> = {}): OrgPolicy => ({ ...DEFAULT_ORG_POLICY, retentionDays: { private: null, shared: null }, ...over });

let server: Awaited<ReturnType<typeof startTestServer>>;
const putPolicy = (body: unknown, who = 'adam') => api<ErrorBody & { policy: OrgPolicy }>(server.url, 'PUT', '/api/admin/policy', body, who);
const create = async (who: string, text = 'hello') => {
  const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'T' }, who);
  await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 's', type: 'markdown', text } }] }, who);
  return body.id;
};

beforeAll(async () => {
  server = await startTestServer({}, { authenticator });
});
afterAll(async () => {
  await server?.dispose();
});

describe('GET/PUT /api/admin/policy', () => {
  it('gives an org without a stored policy the default', async () => {
    const { status, body } = await api<{ orgId: string; policy: OrgPolicy; updatedAt: string | null }>(server.url, 'GET', '/api/admin/policy', undefined, 'adam');
    expect(status).toBe(200);
    expect(body).toMatchObject({ orgId: 'acme', policy: DEFAULT_ORG_POLICY, updatedAt: null });
  });

  it.each(['alice', 'vic', 'audrey'])('refuses %s (not an org-admin) with 403', async (who) => {
    expect((await api(server.url, 'GET', '/api/admin/policy', undefined, who)).status).toBe(403);
    expect((await putPolicy(policy({ enabled: false }), who)).status).toBe(403);
    expect((await api(server.url, 'POST', '/api/admin/retention/run', undefined, who)).status).toBe(403);
  });

  it('refuses without a token (401)', async () => {
    expect((await api(server.url, 'GET', '/api/admin/policy')).status).toBe(401);
  });

  it('lists every problem of a bad policy with its field and a stable code, and stores nothing', async () => {
    const { status, body } = await putPolicy({ enabled: 'no', orgWideSharing: 'some', retentionDays: { private: 0, shared: 1.5 }, keepVersions: -2, extra: 1 });
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_policy');
    expect(body.error.errors?.map((e) => `${e.field}:${e.code}`)).toEqual([
      'extra:unknown_field',
      'enabled:invalid_type',
      'orgWideSharing:invalid_value',
      'retentionDays.private:out_of_range',
      'retentionDays.shared:invalid_type',
      'keepVersions:out_of_range',
    ]);
    expect(body.error.field).toBe('extra');
    expect(body.error.message).toMatch(/retentionDays.private must be between 1 and 36500 days/);
    expect((await api<{ policy: OrgPolicy }>(server.url, 'GET', '/api/admin/policy', undefined, 'adam')).body.policy).toEqual(DEFAULT_ORG_POLICY);
    const notJson = await fetch(`${server.url}/api/admin/policy`, { method: 'PUT', headers: { authorization: 'Bearer adam', 'content-type': 'application/json' }, body: '{' });
    expect(((await notJson.json()) as ErrorBody).error.code).toBe('invalid_json');
  });

  it('stores a policy per org, with a policy-changed audit event in the same transaction', async () => {
    const next = policy({ retentionDays: { private: 30, shared: null }, keepVersions: 5 });
    const { status, body } = await putPolicy(next);
    expect(status).toBe(200);
    expect(body).toMatchObject({ orgId: 'acme', policy: next, updatedBy: 'adam' });
    expect((await api<{ policy: OrgPolicy }>(server.url, 'GET', '/api/admin/policy', undefined, 'adam')).body.policy).toEqual(next);
    // Another org's admin sees their own org's (default) policy.
    expect((await api<{ policy: OrgPolicy }>(server.url, 'GET', '/api/admin/policy', undefined, 'gil')).body.policy).toEqual(DEFAULT_ORG_POLICY);
    const events = await server.store.db.query<{ action: string; actor_id: string; details: { changed: string[] } }>(
      "select action, actor_id, details from audit_events where org_id = 'acme' and action = 'policy-changed' order by seq desc limit 1",
    );
    expect(events[0]).toMatchObject({ action: 'policy-changed', actor_id: 'adam', details: { changed: ['retentionDays.private', 'keepVersions'] } });
    await putPolicy(policy());
  });

  it('reports the caller’s org policy in /api/me', async () => {
    await putPolicy(policy({ orgWideSharing: 'admins' }));
    const { body } = await api<{ policy: unknown }>(server.url, 'GET', '/api/me', undefined, 'alice');
    expect(body.policy).toEqual({ enabled: true, orgWideSharing: 'admins', comments: true });
    expect((await api<{ policy: unknown }>(server.url, 'GET', '/api/me', undefined, 'carol')).body.policy).toEqual({ enabled: true, orgWideSharing: 'everyone', comments: true });
    await putPolicy(policy({ comments: false }));
    expect((await api<{ policy: unknown }>(server.url, 'GET', '/api/me', undefined, 'alice')).body.policy).toEqual({ enabled: true, orgWideSharing: 'everyone', comments: false });
    // A save from a client that predates the comments switch leaves it out: comments are on again.
    const { comments: _comments, ...withoutComments } = policy();
    expect((await putPolicy(withoutComments)).body.policy.comments).toBe(true);
  });
});

describe('feature off', () => {
  it('blocks create, edit and open with 403 feature_disabled for the org only, keeps the artifacts, and lets them back when on', async () => {
    const id = await create('alice', 'kept while off');
    await api(server.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' }, 'alice');
    const globex = await create('carol');
    expect((await putPolicy(policy({ enabled: false }))).status).toBe(200);

    const refused = [
      await api<ErrorBody>(server.url, 'POST', '/api/artifacts', { title: 'new' }, 'alice'),
      await api<ErrorBody>(server.url, 'GET', '/api/artifacts', undefined, 'alice'),
      await api<ErrorBody>(server.url, 'GET', `/api/artifacts/${id}`, undefined, 'alice'),
      await api<ErrorBody>(server.url, 'GET', `/api/artifacts/${id}`, undefined, 'bob'),
      await api<ErrorBody>(server.url, 'GET', `/api/artifacts/${id}/summary`, undefined, 'bob'),
      await api<ErrorBody>(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.append', id: 's', text: '!' }] }, 'alice'),
      await api<ErrorBody>(server.url, 'POST', `/api/artifacts/${id}/versions`, {}, 'alice'),
      await api<ErrorBody>(server.url, 'GET', `/api/artifacts/${id}/versions`, undefined, 'alice'),
      await api<ErrorBody>(server.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'private' }, 'alice'),
    ];
    for (const response of refused) expect([response.status, response.body.error.code]).toEqual([403, 'feature_disabled']);
    // Who could not read it before still gets 404: existence does not leak.
    expect((await api(server.url, 'GET', `/api/artifacts/${id}`, undefined, 'carol')).status).toBe(404);
    // Other orgs carry on.
    expect((await api(server.url, 'GET', `/api/artifacts/${globex}`, undefined, 'carol')).status).toBe(200);
    // The admin still manages the policy and legal hold.
    expect((await api(server.url, 'GET', '/api/admin/policy', undefined, 'adam')).status).toBe(200);
    expect((await api(server.url, 'PUT', `/api/artifacts/${id}/legal-hold`, { hold: true }, 'adam')).status).toBe(200);

    await putPolicy(policy());
    const back = await api<{ sections: { text: string }[] }>(server.url, 'GET', `/api/artifacts/${id}`, undefined, 'alice');
    expect(back.status).toBe(200);
    expect(back.body.sections[0]?.text).toBe('kept while off');
  });

  it('refuses sockets with feature_disabled and closes the open ones of that org when switched off', async () => {
    const id = await create('alice');
    await api(server.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' }, 'alice');
    const other = await create('carol');
    const owner = connectViewer(server.url, id, 'alice');
    const reader = connectViewer(server.url, id, 'bob');
    const outsider = connectViewer(server.url, other, 'carol');
    await Promise.all([owner.synced, reader.synced, outsider.synced]);
    const closed = { owner: false, reader: false, outsider: false };
    owner.provider.on('close', () => (closed.owner = true));
    reader.provider.on('close', () => (closed.reader = true));
    outsider.provider.on('close', () => (closed.outsider = true));

    await putPolicy(policy({ enabled: false }));
    await eventually(() => expect(closed).toMatchObject({ owner: true, reader: true }), 5_000);
    // A new socket is refused with the reason.
    const late = connectViewer(server.url, id, 'alice');
    expect(await new Promise<string>((resolve) => late.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason)))).toBe('feature_disabled');
    expect(closed.outsider).toBe(false);

    await putPolicy(policy());
    for (const viewer of [owner, reader, outsider, late]) viewer.close();
  });
});

describe('org-wide sharing for admins only', () => {
  it('refuses org-wide sharing by non-admin owners with 403 sharing_restricted, not other sharing', async () => {
    const id = await create('alice');
    const mine = await create('ada');
    await putPolicy(policy({ orgWideSharing: 'admins' }));
    const refused = await api<ErrorBody>(server.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' }, 'alice');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'sharing_restricted']);
    expect((await api(server.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'restricted', users: ['bob'] }, 'alice')).status).toBe(200);
    // An owner who is also an org-admin may.
    expect((await api(server.url, 'PUT', `/api/artifacts/${mine}/sharing`, { visibility: 'org' }, 'ada')).status).toBe(200);
    // Not retroactive: an org-wide artifact stays so and can be saved as it is.
    expect((await api(server.url, 'PUT', `/api/artifacts/${mine}/sharing`, { visibility: 'org' }, 'ada')).status).toBe(200);
    await putPolicy(policy());
    expect((await api(server.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' }, 'alice')).status).toBe(200);
  });
});

describe('PUT /api/artifacts/:id/legal-hold', () => {
  it('lets org-admins and auditors of the org set and release it, nobody else', async () => {
    const id = await create('alice');
    const hold = (who: string, body: unknown = { hold: true }) => api<ErrorBody & { hold: boolean }>(server.url, 'PUT', `/api/artifacts/${id}/legal-hold`, body, who);
    expect((await hold('adam')).body).toEqual({ id, hold: true });
    expect((await server.store.getArtifact(id))?.legalHold).toBe(true);
    expect((await hold('audrey', { hold: false })).body.hold).toBe(false);
    expect((await server.store.getArtifact(id))?.legalHold).toBe(false);
    // Each change is on the audit trail, with who did it.
    const events = await server.store.db.query<{ actor_id: string; details: { hold: boolean } }>(
      "select actor_id, details from audit_events where org_id = 'acme' and action = 'legal-hold' and artifact_id = $1 order by seq",
      [id],
    );
    expect(events.map((e) => [e.actor_id, e.details.hold])).toEqual([['adam', true], ['audrey', false]]);
    expect((await hold('alice')).status).toBe(403); // the owner reads it, but may not hold it
    expect((await hold('bob')).status).toBe(404); // private: its existence does not leak
    expect((await hold('gil')).status).toBe(404); // another org's admin
    const bad = await hold('adam', { hold: 'yes' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
  });
});

describe('legal hold on every path that removes content', () => {
  it("refuses the owner's delete and the auditor's hard delete with 409 legal_hold, records each attempt, and both work once released", async () => {
    const id = await create('alice', 'evidence');
    await api(server.url, 'POST', `/api/artifacts/${id}/versions`, {}, 'alice');
    expect((await api(server.url, 'PUT', `/api/artifacts/${id}/legal-hold`, { hold: true }, 'adam')).status).toBe(200);
    const owner = await api<ErrorBody>(server.url, 'DELETE', `/api/artifacts/${id}`, undefined, 'alice');
    expect([owner.status, owner.body.error.code]).toEqual([409, 'legal_hold']);
    const auditor = await api<ErrorBody>(server.url, 'DELETE', `/api/compliance/artifacts/${id}`, undefined, 'audrey');
    expect([auditor.status, auditor.body.error.code]).toEqual([409, 'legal_hold']);
    expect(await server.store.getArtifact(id)).not.toBeNull();
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/versions/1`, undefined, 'alice')).status).toBe(200);
    const refused = await server.store.db.query<{ actor_id: string; details: { operation: string } }>(
      "select actor_id, details from audit_events where action = 'legal-hold-refused' and artifact_id = $1 order by seq",
      [id],
    );
    expect(refused.map((e) => [e.actor_id, e.details.operation])).toEqual([['alice', 'delete'], ['audrey', 'hard-delete']]);
    // A restore of a held artifact discards nothing (the live state is frozen first): allowed.
    await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'text.set', id: 's', text: 'later' }] }, 'alice');
    expect((await api(server.url, 'POST', `/api/artifacts/${id}/versions/1/restore`, undefined, 'alice')).status).toBe(201);
    expect((await api(server.url, 'PUT', `/api/artifacts/${id}/legal-hold`, { hold: false }, 'audrey')).status).toBe(200);
    expect((await api(server.url, 'DELETE', `/api/artifacts/${id}`, undefined, 'alice')).status).toBe(204);
  });
});

describe('with real tokens of the embedded IdP', () => {
  it('lets adam (org-admin) read and change the policy, and refuses alice', async () => {
    const real = await startTestServer({}, { authenticator: 'idp' });
    try {
      const [adam, alice] = await Promise.all([accessToken(real.issuer, 'adam'), accessToken(real.issuer, 'alice')]);
      expect((await api(real.url, 'GET', '/api/admin/policy', undefined, adam)).status).toBe(200);
      expect((await api(real.url, 'PUT', '/api/admin/policy', policy({ keepVersions: 3 }), adam)).status).toBe(200);
      expect((await api(real.url, 'GET', '/api/admin/policy', undefined, alice)).status).toBe(403);
      expect((await api(real.url, 'PUT', '/api/admin/policy', policy(), alice)).status).toBe(403);
    } finally {
      await real.dispose();
    }
  });
});
