import { ArtifactsError, type TokenRequest } from '../sdk/index.ts';
import { CredentialStore, normalizeIssuer, type StoredLogin } from './credentials.ts';
import { InputError } from './errors.ts';

/** The public client a person logs in with (device authorization grant). */
export const DEFAULT_CLI_CLIENT_ID = 'artifacts-cli';
/** Refresh when the access token has less than this left (or a third of its lifetime, if that is less). */
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
export async function serverIssuer(baseUrl: string, signal?: AbortSignal): Promise<string | null | undefined> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl.replace(/\/+$/, '')}/api/config`, { headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) });
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

/** A confidential client's credentials, sent as HTTP Basic (RFC 6749 §2.3.1: every server must accept it). */
export interface ClientSecret {
  clientId: string;
  secret: string;
}

/** POSTs a form to the token endpoint; resolves with the tokens or the OAuth error. */
export async function tokenRequest(endpoint: string, params: Record<string, string>, signal?: AbortSignal, client?: ClientSecret): Promise<TokenResponse | TokenError> {
  const headers: Record<string, string> = {};
  if (client) headers['Authorization'] = `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.secret)}`).toString('base64')}`;
  let response: Response;
  try {
    response = await fetch(endpoint, { method: 'POST', headers, body: new URLSearchParams(params), ...(signal ? { signal } : {}) });
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
    const result = await tokenRequest(login.tokenEndpoint, { grant_type: 'client_credentials' }, undefined, { clientId: login.clientId, secret });
    if (isTokenError(result)) throw refused(result, `could not renew the token for ${login.clientId} (${result.error}: ${result.description}); ${LOGIN_AGAIN}`);
    return toStoredLogin(base, result);
  }
  if (!login.refreshToken) throw new LoginError('login_expired', `the login to ${login.issuer} expired; ${LOGIN_AGAIN}`);
  const result = await tokenRequest(login.tokenEndpoint, { grant_type: 'refresh_token', client_id: login.clientId, refresh_token: login.refreshToken });
  if (isTokenError(result)) throw refused(result, `the login to ${login.issuer} expired and could not be refreshed (${result.error}: ${result.description}); ${LOGIN_AGAIN}`);
  return toStoredLogin(base, result, login.refreshToken);
}

/** An IdP that is down or overloaded may answer next time; one that refused the grant will not. */
function refused(result: TokenError, message: string): LoginError {
  if (result.status >= 500 || result.status === 429) return new LoginError('issuer_unavailable', `the identity provider answered HTTP ${result.status} to a token renewal`);
  return new LoginError('login_expired', message);
}

/**
 * The token for every command but login/logout: ARTIFACTS_TOKEN when set (it cannot be renewed),
 * else the stored login for the server's issuer (ARTIFACTS_ISSUER, else the server's
 * `/api/config`), renewed when it nears expiry and when the SDK asks after a 401. An IdP or
 * server that cannot be reached surfaces as a retryable `network_error`, so a long-running
 * stream waits for it instead of failing. '' means no token (development identity).
 */
export function tokenProvider(baseUrl: string, env: Env): string | ((request: TokenRequest) => Promise<string>) | undefined {
  const explicit = env['ARTIFACTS_TOKEN'];
  if (explicit) return explicit;
  const store = new CredentialStore(env);
  let issuer: string | null | undefined = env['ARTIFACTS_ISSUER'] ? normalizeIssuer(env['ARTIFACTS_ISSUER']) : undefined;
  let current: StoredLogin | undefined;
  let renewing: Promise<StoredLogin> | undefined;
  return async ({ renew: rejected }) => {
    // Not cached until answered: a server down at the first request is asked again on the retry.
    issuer ??= await serverIssuer(baseUrl);
    if (issuer === undefined) throw new ArtifactsError(`could not ask ${baseUrl} which identity provider it uses`, 0, 'network_error');
    if (issuer === null) return '';
    const name = issuer;
    if (!current) {
      current = store.get(name);
      if (!current) throw new LoginError('not_logged_in', `not logged in to ${name}; run "artifacts login" (or set ARTIFACTS_TOKEN)`);
    }
    if (!rejected && Date.parse(current.expiresAt) - Date.now() > refreshMarginMs(current.accessToken)) return current.accessToken;
    renewing ??= renewStored(store, name, current, env).finally(() => (renewing = undefined));
    current = await renewing;
    return current.accessToken;
  };
}

/** Renews `current`, unless another process already did: its token is newer, and the refresh token we hold may be spent. */
async function renewStored(store: CredentialStore, issuer: string, current: StoredLogin, env: Env): Promise<StoredLogin> {
  const stored = store.get(issuer);
  const newest = stored && Date.parse(stored.expiresAt) > Date.parse(current.expiresAt) ? stored : current;
  if (newest !== current && Date.parse(newest.expiresAt) - Date.now() > refreshMarginMs(newest.accessToken)) return newest;
  let fresh: StoredLogin;
  try {
    fresh = await renew(newest, env);
  } catch (error: unknown) {
    if (error instanceof LoginError && (error.code === 'issuer_unreachable' || error.code === 'issuer_unavailable')) {
      throw new ArtifactsError(error.message, 0, 'network_error', {}, { cause: error });
    }
    throw error;
  }
  store.save(fresh);
  return fresh;
}

/** A third of the token's lifetime, at most {@link REFRESH_MARGIN_MS}: a 15-second token is renewed every 10 s, not on every request. */
export function refreshMarginMs(accessToken: string): number {
  const claims = tokenClaims(accessToken);
  const lifetimeS = typeof claims?.['exp'] === 'number' && typeof claims['iat'] === 'number' ? claims['exp'] - claims['iat'] : undefined;
  return lifetimeS === undefined || lifetimeS <= 0 ? REFRESH_MARGIN_MS : Math.min(REFRESH_MARGIN_MS, (lifetimeS * 1000) / 3);
}

/** Who a token is for, from its payload; for messages only (the token is never printed). */
export function tokenSubject(accessToken: string): string | undefined {
  const claims = tokenClaims(accessToken);
  const name = claims?.['preferred_username'] ?? claims?.['sub'];
  return typeof name === 'string' ? name : undefined;
}

/** A JWT's payload, unverified: for timing and messages only, never for trust. */
export function tokenClaims(accessToken: string): Record<string, unknown> | undefined {
  try {
    const payload: unknown = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
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
