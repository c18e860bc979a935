import { oidcAuthenticator } from '../../server/auth/oidc.ts';
import { api, connectViewer, startTestServer } from '../../server/test-server.ts';
import { ensureKeycloak, KEYCLOAK_ISSUER, keycloakAdmin, passwordToken, stopKeycloak } from '../support/keycloak.ts';
import { round, summary, wallNow, writeResult } from './stats.ts';

/**
 * Identity costs against the real Keycloak: verifying an access token per request (JWKS cached,
 * RS256), and how long a socket of someone removed from the org stays open (membership
 * rechecked every `intervalMs` through Keycloak's admin API).
 */
export async function benchAuth(requests = 5_000, removals = 3, intervalMs = 1_000): Promise<Record<string, unknown>> {
  const { startedHere } = await ensureKeycloak();
  try {
    const token = (await passwordToken('alice')).access_token;
    const auth = oidcAuthenticator({ issuer: KEYCLOAK_ISSUER, audience: 'artifacts-api', clients: [] });
    await auth.authenticate(token); // first call fetches the JWKS
    const t0 = wallNow();
    for (let i = 0; i < requests; i++) await auth.authenticate(token);
    const result = {
      requests,
      verifyMicrosecondsPerRequest: round(((wallNow() - t0) / requests) * 1_000),
      orgRemovalToSocketClosedMs: { intervalMs, ...summary(await removalToClose(token, removals, intervalMs)) },
    };
    await writeResult('auth', result);
    return result;
  } finally {
    if (startedHere) await stopKeycloak();
  }
}

/** Milliseconds from Keycloak's answer to "remove from org" until the user's socket closed. */
async function removalToClose(aliceToken: string, times: number, intervalMs: number): Promise<number[]> {
  const admin = await keycloakAdmin();
  const server = await startTestServer({
    OIDC_ISSUER: KEYCLOAK_ISSUER,
    OIDC_ADMIN_CLIENT_ID: 'artifacts-server',
    OIDC_ADMIN_CLIENT_SECRET: 'artifacts-server-secret',
    MEMBERSHIP_CHECK_INTERVAL_MS: String(intervalMs),
  });
  const samples: number[] = [];
  try {
    const { id } = (await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'bench' }, aliceToken)).body;
    await api(server.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' }, aliceToken);
    for (let i = 0; i < times; i++) {
      const username = `bench-leaver-${process.pid}-${i}`;
      const userId = await admin.createUser(username, 'Bench');
      try {
        await admin.addToOrg('acme', userId);
        const viewer = connectViewer(server.url, id, (await passwordToken(username)).access_token);
        await viewer.synced;
        const closed = new Promise<number>((resolve) => viewer.provider.on('close', () => resolve(performance.now())));
        await admin.removeFromOrg('acme', userId);
        const removedAt = performance.now();
        samples.push((await closed) - removedAt);
        viewer.close();
      } finally {
        await admin.deleteUser(userId);
      }
    }
  } finally {
    await server.dispose();
  }
  return samples;
}
