import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { passwordGrant, type TokenAnswer } from './tokens.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

/** The development realm of infra/keycloak, on its fixed test port. */
export const KEYCLOAK_PORT = Number(process.env.KEYCLOAK_PORT ?? 18180);
export const KEYCLOAK_ISSUER = `http://127.0.0.1:${KEYCLOAK_PORT}/realms/artifacts`;

export async function keycloakRunning(): Promise<boolean> {
  try {
    return (await fetch(`${KEYCLOAK_ISSUER}/.well-known/openid-configuration`)).ok;
  } catch {
    return false;
  }
}

/** Starts the real Keycloak (downloaded from Maven Central on first use) unless it already runs. */
export async function ensureKeycloak(): Promise<{ startedHere: boolean }> {
  if (await keycloakRunning()) return { startedHere: false };
  await run('bash', [path.join(ROOT, 'infra/keycloak/start.sh')], { env: { ...process.env, KEYCLOAK_PORT: String(KEYCLOAK_PORT) }, timeout: 400_000 });
  return { startedHere: true };
}

export async function stopKeycloak(): Promise<void> {
  await run('bash', [path.join(ROOT, 'infra/keycloak/stop.sh')], { env: { ...process.env, KEYCLOAK_PORT: String(KEYCLOAK_PORT) }, timeout: 60_000 });
}

/** A real token from the realm's token endpoint (password grant of the development CLI client). */
export function passwordToken(username: string, extra: Record<string, string> = {}): Promise<TokenAnswer> {
  return passwordGrant(KEYCLOAK_ISSUER, username, extra);
}

export async function clientCredentialsToken(): Promise<string> {
  const response = await fetch(`${KEYCLOAK_ISSUER}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'artifacts-agent', client_secret: 'artifacts-agent-secret' }),
  });
  if (!response.ok) throw new Error(`agent token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The master realm's admin token (development Keycloak: admin / admin). */
export async function masterAdminToken(): Promise<string> {
  const answer = await passwordGrant(KEYCLOAK_ISSUER.replace('/realms/artifacts', '/realms/master'), 'admin', { client_id: 'admin-cli', password: 'admin' });
  return answer.access_token;
}

/**
 * Just enough of Keycloak's admin API for tests that change the realm: a throwaway user in an
 * org, and taking them out of it. Tests use their own users so parallel files are unaffected.
 */
export async function keycloakAdmin() {
  const base = KEYCLOAK_ISSUER.replace('/realms/', '/admin/realms/');
  const token = await masterAdminToken();
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
    return response;
  };
  const orgId = async (alias: string) => ((await (await call('GET', `/organizations?search=${alias}&exact=true`)).json()) as { id: string }[])[0]!.id;
  return {
    /** Creates a user (password = user name) who can sign in at once; returns the user id. */
    async createUser(username: string, firstName: string): Promise<string> {
      await call('POST', '/users', {
        username,
        enabled: true,
        firstName,
        lastName: 'Test',
        email: `${username}@example.test`,
        emailVerified: true,
        credentials: [{ type: 'password', value: username, temporary: false }],
      });
      return ((await (await call('GET', `/users?username=${username}&exact=true`)).json()) as { id: string }[])[0]!.id;
    },
    async deleteUser(userId: string): Promise<void> {
      await call('DELETE', `/users/${userId}`);
    },
    async addToOrg(alias: string, userId: string): Promise<void> {
      await call('POST', `/organizations/${await orgId(alias)}/members`, userId);
    },
    async removeFromOrg(alias: string, userId: string): Promise<void> {
      await call('DELETE', `/organizations/${await orgId(alias)}/members/${userId}`);
    },
  };
}
