/** Token answers of a realm's token endpoint (Keycloak's or the embedded IdP's). */
export interface TokenAnswer {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  expires_in?: number;
}

/**
 * A real token from an issuer's token endpoint with the password grant of the development
 * `artifacts-cli` client (demo users: password = user name).
 */
export async function passwordGrant(issuer: string, username: string, extra: Record<string, string> = {}): Promise<TokenAnswer> {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'artifacts-cli', username, password: username, scope: 'openid', ...extra }),
  });
  if (!response.ok) throw new Error(`token for ${username}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<TokenAnswer>;
}

/** The access token of a demo user. */
export async function accessToken(issuer: string, username: string): Promise<string> {
  return (await passwordGrant(issuer, username)).access_token;
}
