import { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider';

/**
 * Keycloak's refresh tokens are JWTs, and keycloak-js decodes the refresh token it gets (for its
 * expiry); oidc-provider's are opaque random ids. So the embedded IdP hands out its opaque id
 * wrapped in an unsigned JWT shape, `<header>.<payload>.<id>`, whose payload says `typ: Refresh`
 * and `exp`, and unwraps it again wherever a refresh token comes back (the token endpoint looks
 * it up through `RefreshToken.find`; for revocation see `unwrapTokenParameter`). The id stays
 * the only secret; the wrapper adds nothing to trust, and the API refuses it (`alg: none`, not
 * a Bearer).
 */
export function jwtShapedRefreshTokens(provider: Provider, issuer: string): void {
  const RefreshToken = provider.RefreshToken as unknown as {
    prototype: { getValueAndPayload(this: { jti: string }): Promise<{ value: string; payload?: { exp?: number } }> };
    find(value: unknown, options?: unknown): Promise<unknown>;
  };
  const getValueAndPayload = RefreshToken.prototype.getValueAndPayload;
  RefreshToken.prototype.getValueAndPayload = async function wrapped() {
    const result = await getValueAndPayload.call(this);
    return { ...result, value: wrap(result.value, { typ: 'Refresh', iss: issuer, exp: result.payload?.exp }) };
  };
  const find = RefreshToken.find.bind(RefreshToken);
  RefreshToken.find = (value, options) => find(typeof value === 'string' ? unwrap(value) : value, options);
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');

function wrap(id: string, claims: Record<string, unknown>): string {
  return `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${id}`;
}

function unwrap(value: string): string {
  const parts = value.split('.');
  return parts.length === 3 && parts[0] === HEADER ? (parts[2] as string) : value;
}

/** oidc-provider's own limit on form bodies. */
const MAX_FORM_BYTES = 56 * 1024;

/**
 * oidc-provider 9 refuses any JWS-shaped `token` at the revocation and introspection endpoints
 * before it looks the token up, so `artifacts logout` could not revoke a refresh token. For
 * those endpoints the form is read here and handed on with the opaque id in `token`, as a new
 * request on the same socket (what oidc-provider reads is the request stream). A body over the
 * limit is passed on as read, for oidc-provider to refuse.
 */
export async function unwrapTokenParameter(req: IncomingMessage): Promise<IncomingMessage> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buf);
    size += buf.length;
    if (size > MAX_FORM_BYTES) break;
  }
  let body = Buffer.concat(chunks);
  if (size <= MAX_FORM_BYTES) {
    const form = new URLSearchParams(body.toString('utf8'));
    const token = form.get('token');
    if (token !== null && unwrap(token) !== token) {
      form.set('token', unwrap(token));
      body = Buffer.from(form.toString());
    }
  }
  const copy = new IncomingMessage(req.socket);
  Object.assign(copy, { method: req.method, url: req.url, httpVersion: req.httpVersion, httpVersionMajor: req.httpVersionMajor, httpVersionMinor: req.httpVersionMinor });
  copy.headers = { ...req.headers, 'content-length': String(body.length) };
  copy.push(body);
  copy.push(null);
  // As Node's parser marks a request read whole; else ending it counts as an abort and closes the socket.
  copy.complete = true;
  return copy;
}
