import { oidcAuthenticator } from '../../server/auth/oidc.ts';
import { ensureKeycloak, KEYCLOAK_ISSUER, passwordToken, stopKeycloak } from '../support/keycloak.ts';
import { round, wallNow, writeResult } from './stats.ts';

/** Cost of verifying a real Keycloak access token per request (JWKS cached, RS256). */
export async function benchAuth(requests = 5_000): Promise<Record<string, unknown>> {
  const { startedHere } = await ensureKeycloak();
  try {
    const token = (await passwordToken('alice')).access_token;
    const auth = oidcAuthenticator({ issuer: KEYCLOAK_ISSUER, audience: 'artifacts-api', clients: [] });
    await auth.authenticate(token); // first call fetches the JWKS
    const t0 = wallNow();
    for (let i = 0; i < requests; i++) await auth.authenticate(token);
    const result = { requests, verifyMicrosecondsPerRequest: round(((wallNow() - t0) / requests) * 1_000) };
    await writeResult('auth', result);
    return result;
  } finally {
    if (startedHere) await stopKeycloak();
  }
}
