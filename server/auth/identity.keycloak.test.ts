import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactToJSON } from '#shared';
import { clientCredentialsToken, KEYCLOAK_ISSUER, masterAdminToken, passwordToken } from '../../e2e/support/keycloak.ts';
import { api, connectViewer, startTestServer } from '../test-server.ts';

/*
 * Identity against the real Keycloak of infra/keycloak (started by the vitest global setup):
 * real tokens from the realm's token endpoint, verified by the server through the JWKS.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
const tokens: Record<string, string> = {};
const subOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as { sub: string }).sub;

beforeAll(async () => {
  server = await startTestServer({ OIDC_ISSUER: KEYCLOAK_ISSUER });
  for (const user of ['alice', 'bob', 'carol', 'vic', 'audrey', 'adam']) tokens[user] = (await passwordToken(user)).access_token;
  tokens.agent = await clientCredentialsToken();
});
afterAll(async () => {
  await server?.dispose();
});

const as = (who: string, method: string, route: string, body?: unknown) => api(server.url, method, route, body, tokens[who]);

describe('with real Keycloak tokens', () => {
  it('enforces roles, orgs and sharing on every route', async () => {
    expect((await api(server.url, 'GET', '/api/config')).body).toMatchObject({ oidc: { issuer: KEYCLOAK_ISSUER, clientId: 'artifacts-web' } });
    const created = await as('alice', 'POST', '/api/artifacts', { title: 'Keycloak flow' });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect((await as('alice', 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'a', type: 'markdown', text: 'hi' } }] })).status).toBe(200);
    // Private: only alice.
    for (const who of ['bob', 'vic', 'adam', 'audrey', 'carol']) expect([who, (await as(who, 'GET', `/api/artifacts/${id}`)).status]).toEqual([who, 404]);
    // Shared with the org: acme reads, nobody but alice edits, globex sees nothing.
    expect((await as('alice', 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' })).status).toBe(200);
    for (const who of ['bob', 'vic', 'adam', 'audrey']) expect([who, (await as(who, 'GET', `/api/artifacts/${id}`)).status]).toEqual([who, 200]);
    expect((await as('bob', 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'meta.set', title: 'x' }] })).status).toBe(403);
    expect((await as('carol', 'GET', `/api/artifacts/${id}`)).status).toBe(404);
    expect((await as('carol', 'GET', '/api/artifacts')).body).toEqual({ artifacts: [] });
    // Restricted to bob, by his subject id.
    expect((await as('alice', 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'restricted', users: [subOf(tokens.bob as string)] })).status).toBe(200);
    expect((await as('bob', 'GET', `/api/artifacts/${id}`)).status).toBe(200);
    expect((await as('vic', 'GET', `/api/artifacts/${id}`)).status).toBe(404);
    // Roles: a viewer and an auditor do not create; an agent's service account does.
    expect((await as('vic', 'POST', '/api/artifacts', { title: 'nope' })).status).toBe(403);
    expect((await as('audrey', 'POST', '/api/artifacts', { title: 'nope' })).status).toBe(403);
    expect((await as('agent', 'POST', '/api/artifacts', { title: 'from a pipeline' })).status).toBe(201);
  });

  it('refuses missing, tampered, foreign-issuer, ID and refresh tokens', async () => {
    const route = '/api/artifacts';
    expect((await api(server.url, 'GET', route)).status).toBe(401);
    const [h, p, s] = (tokens.alice as string).split('.');
    const payload = JSON.parse(Buffer.from(p as string, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, organization: ['globex'] })).toString('base64url');
    expect((await api(server.url, 'GET', route, undefined, `${h}.${forged}.${s}`)).status).toBe(401);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    expect((await api(server.url, 'GET', route, undefined, none)).status).toBe(401);
    const withId = await passwordToken('alice', { scope: 'openid' });
    expect(withId.id_token).toBeTruthy();
    expect((await api(server.url, 'GET', route, undefined, withId.id_token)).status).toBe(401);
    expect((await api(server.url, 'GET', route, undefined, withId.refresh_token)).status).toBe(401);
    const foreign = await masterAdminToken();
    expect((await api(server.url, 'GET', route, undefined, foreign)).status).toBe(401);
  });

  it('opens a read-only socket for a colleague and refuses another org, with real tokens', async () => {
    const { id } = (await as('alice', 'POST', '/api/artifacts', { title: 'socket' })).body as { id: string };
    await as('alice', 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' });
    const bob = connectViewer(server.url, id, tokens.bob as string);
    await bob.synced;
    expect(artifactToJSON(bob.doc, id).meta.title).toBe('socket');
    const carol = connectViewer(server.url, id, tokens.carol as string);
    expect(await new Promise<string>((resolve) => carol.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason)))).toBe('not_found');
    bob.close();
    carol.close();
  });
});
