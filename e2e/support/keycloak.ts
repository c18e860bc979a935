import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

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
export async function passwordToken(username: string, extra: Record<string, string> = {}): Promise<{ access_token: string; id_token?: string; refresh_token?: string }> {
  const response = await fetch(`${KEYCLOAK_ISSUER}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'artifacts-cli', username, password: username, ...extra }),
  });
  if (!response.ok) throw new Error(`token for ${username}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<{ access_token: string; id_token?: string; refresh_token?: string }>;
}

export async function clientCredentialsToken(): Promise<string> {
  const response = await fetch(`${KEYCLOAK_ISSUER}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'artifacts-agent', client_secret: 'artifacts-agent-secret' }),
  });
  if (!response.ok) throw new Error(`agent token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
