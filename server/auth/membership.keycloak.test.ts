import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { KEYCLOAK_ISSUER, keycloakAdmin, passwordToken } from '../../e2e/support/keycloak.ts';
import { api, connectViewer, eventually, startTestServer } from '../test-server.ts';
import { keycloakMembership, MembershipGuard, type MembershipSource } from './membership.ts';

/*
 * Leaving an org: a token keeps saying "acme" until it expires, so the server asks the real
 * Keycloak (admin API, service account of `artifacts-server`) and closes the sockets of people
 * who left. A throwaway user keeps other test files' users untouched.
 */
const username = `leaver-${process.pid}`;
let admin: Awaited<ReturnType<typeof keycloakAdmin>>;
let leaverId: string;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  admin = await keycloakAdmin();
  leaverId = await admin.createUser(username, 'Lee');
  await admin.addToOrg('acme', leaverId);
  server = await startTestServer({
    OIDC_ISSUER: KEYCLOAK_ISSUER,
    OIDC_ADMIN_CLIENT_ID: 'artifacts-server',
    OIDC_ADMIN_CLIENT_SECRET: 'artifacts-server-secret',
    MEMBERSHIP_CHECK_INTERVAL_MS: '1000',
  });
});
afterAll(async () => {
  await server?.dispose();
  if (leaverId) await admin.deleteUser(leaverId);
});

describe('org membership against the real Keycloak', () => {
  it('reads the org aliases of a user, and [] for a user that does not exist', async () => {
    const source = keycloakMembership({ issuer: KEYCLOAK_ISSUER, clientId: 'artifacts-server', clientSecret: 'artifacts-server-secret' });
    expect(await source.orgsOf(leaverId)).toEqual(['acme']);
    expect(await source.orgsOf('00000000-0000-4000-8000-000000000000')).toEqual([]);
    const wrongSecret = keycloakMembership({ issuer: KEYCLOAK_ISSUER, clientId: 'artifacts-server', clientSecret: 'nope' });
    await expect(wrongSecret.orgsOf(leaverId)).rejects.toThrow(/refused/);
  });

  it('closes the socket of someone removed from the org, and refuses their still-valid token', async () => {
    const alice = (await passwordToken('alice')).access_token;
    const { id } = (await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'Team page' }, alice)).body;
    await api(server.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' }, alice);

    const token = (await passwordToken(username)).access_token;
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/summary`, undefined, token)).status).toBe(200);
    const viewer = connectViewer(server.url, id, token);
    await viewer.synced;
    let removedAt = 0;
    const closedAfterRemoval = new Promise<number>((resolve) => viewer.provider.on('close', () => resolve(removedAt ? performance.now() - removedAt : -1)));
    const alicesViewer = connectViewer(server.url, id, alice);
    await alicesViewer.synced;

    await admin.removeFromOrg('acme', leaverId);
    removedAt = performance.now();
    // Within one sweep interval (1 s here) plus a Keycloak round trip.
    expect(await closedAfterRemoval).toBeGreaterThanOrEqual(0);
    expect(viewer.provider.isSynced && viewer.provider.isAuthenticated).toBe(false);
    // The token itself is still within its lifetime; the server asks Keycloak, not the token.
    await eventually(async () => expect((await api(server.url, 'GET', `/api/artifacts/${id}/summary`, undefined, token)).status).toBe(403));
    // Everyone else carries on.
    expect(alicesViewer.provider.isSynced).toBe(true);
    viewer.close();
    alicesViewer.close();
  });
});

describe('MembershipGuard', () => {
  const session = { userId: 'u1', name: 'U', orgId: 'acme', roles: [], groups: [] };
  const logger = createLogger('silent');

  it('caches answers for the interval, asks again when fresh, and keeps the last answer when the IdP fails', async () => {
    let answer: string[] | Error = ['acme'];
    let calls = 0;
    const source: MembershipSource = {
      orgsOf: async () => {
        calls++;
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
    const guard = new MembershipGuard(source, 60_000, logger);
    expect(await guard.isMember(session)).toBe(true);
    answer = [];
    expect(await guard.isMember(session)).toBe(true); // cached
    expect(calls).toBe(1);
    expect(await guard.isMember(session, { fresh: true })).toBe(false);
    answer = new Error('keycloak down');
    expect(await guard.isMember(session, { fresh: true })).toBe(false); // the last answer stands
    expect(await new MembershipGuard(source, 60_000, logger).isMember(session)).toBe(true); // no answer yet: the token's word
  });
});
