import { CredentialStore, normalizeIssuer, type StoredLogin } from './credentials.ts';
import { InputError } from './errors.ts';

/** The public client a person logs in with (device authorization grant). */
export const DEFAULT_CLI_CLIENT_ID = 'artifacts-cli';
/** Refresh when the access token has less than this left. */
export const REFRESH_MARGIN_MS = 30_000;
export const LOGIN_AGAIN = 'run "artifacts login" again';

type Env = Readonly<Record<string, string | undefined>>;

export interface IssuerMetadata {
  issuer: string;
  token_endpoint: string;
  device_authorization_endpoint?: string;
  revocation_endpoint?: string;
}

interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

/** Login and token errors: `error <code>: <message>`, exit 1. */
export class LoginError extends InputError {}

/** `<issuer>/.well-known/openid-configuration`. */
export async function discover(issuer: string, signal?: AbortSignal): Promise<IssuerMetadata> {
  const url = `${normalizeIssuer(issuer)}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, signal ? { signal } : {});
  } catch (cause: unknown) {
    if (signal?.aborted) throw cause;
    throw new LoginError('issuer_unreachable', `could not reach the issuer at ${url}: ${describe(cause)}`);
  }
  const body = (await response.json().catch(() => undefined)) as Partial<IssuerMetadata> | undefined;
  if (!response.ok || !body || typeof body.token_endpoint !== 'string') {
    throw new LoginError('bad_issuer', `${url} answered HTTP ${response.status} without OpenID metadata; is ${issuer} the realm URL?`);
  }
  return body as IssuerMetadata;
}

/** What the server says about its identity provider: an issuer, `null` (development identity), or undefined (unreachable). */
export async function serverIssuer(baseUrl: string): Promise<string | null | undefined> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl.replace(/\/+$/, '')}/api/config`, { headers: { Accept: 'application/json' } });
  } catch {
    return undefined;
  }
  if (!response.ok) return undefined;
  const body = (await response.json().catch(() => undefined)) as { oidc?: { issuer?: unknown } | null } | undefined;
  if (body?.oidc === null) return null;
  return typeof body?.oidc?.issuer === 'string' ? normalizeIssuer(body.oidc.issuer) : undefined;
}

export interface TokenError {
  error: string;
  description: string;
  status: number;
}

/** POSTs a form to the token endpoint; resolves with the tokens or the OAuth error. */
export async function tokenRequest(endpoint: string, params: Record<string, string>, signal?: AbortSignal): Promise<TokenResponse | TokenError> {
  let response: Response;
  try {
    response = await fetch(endpoint, { method: 'POST', body: new URLSearchParams(params), ...(signal ? { signal } : {}) });
  } catch (cause: unknown) {
    if (signal?.aborted) throw cause;
    throw new LoginError('issuer_unreachable', `could not reach ${endpoint}: ${describe(cause)}`);
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok && typeof body['access_token'] === 'string') return body as unknown as TokenResponse;
  return {
    error: typeof body['error'] === 'string' ? body['error'] : 'bad_response',
    description: typeof body['error_description'] === 'string' ? body['error_description'] : `HTTP ${response.status}`,
    status: response.status,
  };
}

export function isTokenError(value: TokenResponse | TokenError): value is TokenError {
  return 'error' in value;
}

export function toStoredLogin(base: Omit<StoredLogin, 'accessToken' | 'refreshToken' | 'expiresAt'>, tokens: TokenResponse, previousRefresh?: string): StoredLogin {
  const expiresIn = typeof tokens.expires_in === 'number' ? tokens.expires_in : 300;
  const refreshToken = tokens.refresh_token ?? previousRefresh;
  return {
    ...base,
    accessToken: tokens.access_token,
    ...(refreshToken ? { refreshToken } : {}),
    expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
  };
}

/** A fresh token for a stored login: refresh_token grant for people, client_credentials for pipelines. */
export async function renew(login: StoredLogin, env: Env): Promise<StoredLogin> {
  const base = { issuer: login.issuer, clientId: login.clientId, grant: login.grant, tokenEndpoint: login.tokenEndpoint };
  if (login.grant === 'client_credentials') {
    const secret = env['ARTIFACTS_CLIENT_SECRET'];
    if (!secret) throw new LoginError('login_expired', `the token for ${login.clientId} expired and ARTIFACTS_CLIENT_SECRET is not set to renew it; set it or ${LOGIN_AGAIN}`);
    const result = await tokenRequest(login.tokenEndpoint, { grant_type: 'client_credentials', client_id: login.clientId, client_secret: secret });
    if (isTokenError(result)) throw new LoginError('login_expired', `could not renew the token for ${login.clientId} (${result.error}: ${result.description}); ${LOGIN_AGAIN}`);
    return toStoredLogin(base, result);
  }
  if (!login.refreshToken) throw new LoginError('login_expired', `the login to ${login.issuer} expired; ${LOGIN_AGAIN}`);
  const result = await tokenRequest(login.tokenEndpoint, { grant_type: 'refresh_token', client_id: login.clientId, refresh_token: login.refreshToken });
  if (isTokenError(result)) throw new LoginError('login_expired', `the login to ${login.issuer} expired and could not be refreshed (${result.error}: ${result.description}); ${LOGIN_AGAIN}`);
  return toStoredLogin(base, result, login.refreshToken);
}

/**
 * The token for every command but login/logout: ARTIFACTS_TOKEN when set, else the stored login
 * for the server's issuer (ARTIFACTS_ISSUER, else the server's `/api/config`), refreshed when it
 * has under 30 s left. `undefined` means no token (development identity, or the server is down and
 * the request itself will say so).
 */
export function tokenProvider(baseUrl: string, env: Env): string | (() => Promise<string>) | undefined {
  const explicit = env['ARTIFACTS_TOKEN'];
  if (explicit) return explicit;
  const store = new CredentialStore(env);
  let issuer: Promise<string | null | undefined> | undefined;
  let current: StoredLogin | undefined;
  let renewing: Promise<StoredLogin> | undefined;
  return async () => {
    issuer ??= env['ARTIFACTS_ISSUER'] ? Promise.resolve(normalizeIssuer(env['ARTIFACTS_ISSUER'])) : serverIssuer(baseUrl);
    const name = await issuer;
    if (!name) return '';
    if (!current) {
      current = store.get(name);
      if (!current) throw new LoginError('not_logged_in', `not logged in to ${name}; run "artifacts login" (or set ARTIFACTS_TOKEN)`);
    }
    if (Date.parse(current.expiresAt) - Date.now() > REFRESH_MARGIN_MS) return current.accessToken;
    renewing ??= renew(current, env).finally(() => (renewing = undefined));
    const fresh = await renewing;
    if (current !== fresh) {
      current = fresh;
      store.save(fresh);
    }
    return fresh.accessToken;
  };
}

/** Who a token is for, from its payload; for messages only (the token is never printed). */
export function tokenSubject(accessToken: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const name = payload['preferred_username'] ?? payload['sub'];
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error.cause;
  const code = typeof inner === 'object' && inner !== null && 'code' in inner ? String(inner.code) : undefined;
  return code ? `${error.message} (${code})` : error.message;
}
