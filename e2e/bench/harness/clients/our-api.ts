/**
 * Our server's HTTP side as an agent sees it: a token (from the embedded OpenID provider when
 * it answers, else the development identity accepts any string), artifacts and op batches.
 */
export interface Credentials {
  token: string;
  /** For the report: which auth the run used. */
  auth: 'embedded OIDC (password grant, alice)' | 'development identity (any token)';
}

const TOKEN_PATH = '/realms/artifacts/protocol/openid-connect/token';

export async function obtainToken(baseUrl: string): Promise<Credentials> {
  try {
    const body = new URLSearchParams({ grant_type: 'password', client_id: 'artifacts-cli', username: 'alice', password: 'alice', scope: 'openid' });
    const res = await fetch(`${baseUrl}${TOKEN_PATH}`, { method: 'POST', body });
    if (res.ok) {
      const { access_token: token } = (await res.json()) as { access_token?: string };
      if (token) return { token, auth: 'embedded OIDC (password grant, alice)' };
    }
  } catch {
    // No provider on this server: fall through to the development identity.
  }
  return { token: 'bench', auth: 'development identity (any token)' };
}

export async function callApi<T>(baseUrl: string, token: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** Creates an artifact and applies `batches` of ops in order; returns its id (the document name). */
export async function createArtifact(baseUrl: string, token: string, title: string, batches: unknown[][] = []): Promise<string> {
  const { id } = await callApi<{ id: string }>(baseUrl, token, 'POST', '/api/artifacts', { title });
  for (const ops of batches) await callApi(baseUrl, token, 'POST', `/api/artifacts/${id}/ops`, { ops });
  return id;
}
