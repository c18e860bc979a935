import { createServer, type Server } from 'node:http';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { oidcAuthenticator, type OidcSettings } from './oidc.ts';

const ISSUER = 'http://127.0.0.1:18180/realms/artifacts';
const AUDIENCE = 'artifacts-api';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let privateKey: PrivateKey;
let jwk: JWK;
let settings: OidcSettings;
beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  settings = { issuer: ISSUER, audience: AUDIENCE, clients: ['artifacts-web', 'artifacts-cli'], keys: createLocalJWKSet({ keys: [jwk] }) };
});

/** A Keycloak-shaped access token for alice of acme. */
function token(claims: Record<string, unknown> = {}, options: { key?: PrivateKey; kid?: string; expiresIn?: string } = {}) {
  // iss and aud come from `claims` when given (undefined = leave the claim out).
  return new SignJWT({
    iss: ISSUER,
    aud: AUDIENCE,
    typ: 'Bearer',
    azp: 'artifacts-cli',
    preferred_username: 'alice',
    realm_access: { roles: ['artifact-author', 'offline_access'] },
    organization: ['acme'],
    groups: ['/acme-sre'],
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'k1', typ: 'JWT' })
    .setSubject('user-alice')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(options.key ?? privateKey);
}

async function refusal(authenticate: Promise<unknown>): Promise<string> {
  try {
    await authenticate;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(401);
    return (error as AppError).message;
  }
  throw new Error('the token was accepted');
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('oidcAuthenticator', () => {
  it('maps a valid access token to a principal', async () => {
    const auth = oidcAuthenticator(settings);
    const session = await auth.authenticate(await token());
    expect(session).toEqual({ userId: 'user-alice', name: 'alice', orgId: 'acme', roles: ['artifact-author'], groups: ['acme-sre'], expiresAtMs: expect.any(Number) });
    expect(Math.abs((session.expiresAtMs as number) - Date.now() - 5 * 60_000)).toBeLessThan(5_000);
    const objectShape = await auth.authenticate(await token({ organization: { globex: { id: 'x' } }, realm_access: { roles: ['auditor'] } }));
    expect(objectShape).toMatchObject({ orgId: 'globex', roles: ['auditor'] });
    expect((await auth.authenticate(await token({ organization: ['acme', 'globex'] }))).orgId).toBe('');
  });

  it('refuses missing, expired, tampered, foreign and unsigned tokens', async () => {
    const auth = oidcAuthenticator(settings);
    await refusal(auth.authenticate(undefined));
    expect(await refusal(auth.authenticate(await token({}, { expiresIn: '-1m' })))).toMatch(/expired/);
    const [header, payload, signature] = (await token()).split('.');
    const forged = b64({ ...JSON.parse(Buffer.from(payload as string, 'base64url').toString()), organization: ['globex'] });
    expect(await refusal(auth.authenticate(`${header}.${forged}.${signature}`))).toMatch(/signature/);
    expect(await refusal(auth.authenticate(await token({ iss: 'http://127.0.0.1:18180/realms/other' })))).toMatch(/iss/);
    expect(await refusal(auth.authenticate(await token({ aud: 'account' })))).toMatch(/aud/);
    expect(await refusal(auth.authenticate(await token({ aud: undefined })))).toMatch(/aud/);
    expect(await refusal(auth.authenticate(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`))).toMatch(/algorithm|not valid/);
    const other = await generateKeyPair('RS256');
    await refusal(auth.authenticate(await token({}, { key: other.privateKey })));
    await refusal(auth.authenticate('not-a-jwt'));
  });

  it('refuses ID tokens, refresh tokens and tokens of clients it does not accept', async () => {
    const auth = oidcAuthenticator(settings);
    expect(await refusal(auth.authenticate(await token({ typ: 'ID' })))).toMatch(/not an access token/);
    await refusal(auth.authenticate(await token({ typ: 'Refresh' })));
    expect(await refusal(auth.authenticate(await token({ azp: 'some-other-app' })))).toMatch(/client/);
  });

  it('refuses HMAC tokens made with the public key (algorithm confusion)', async () => {
    const auth = oidcAuthenticator(settings);
    const secret = new TextEncoder().encode(JSON.stringify(jwk));
    const hs = await new SignJWT({ typ: 'Bearer', azp: 'artifacts-cli' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('mallory')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret);
    expect(await refusal(auth.authenticate(hs))).toMatch(/algorithm/);
  });
});

describe('key rotation', () => {
  let server: Server;
  let served: JWK[] = [];
  let fetches = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: served }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('caches the JWKS and fetches it again when a token names an unknown key', async () => {
    const address = server.address() as { port: number };
    served = [jwk];
    const auth = oidcAuthenticator({ ...settings, keys: undefined, jwksUrl: `http://127.0.0.1:${address.port}/certs`, jwksCooldownMs: 0 });
    await auth.authenticate(await token());
    await auth.authenticate(await token());
    expect(fetches).toBe(1);
    const next = await generateKeyPair('RS256', { extractable: true });
    served = [jwk, { ...(await exportJWK(next.publicKey)), kid: 'k2', alg: 'RS256', use: 'sig' }];
    expect((await auth.authenticate(await token({}, { key: next.privateKey, kid: 'k2' }))).userId).toBe('user-alice');
    expect(fetches).toBe(2);
    // A kid the issuer does not publish is refused after one more look.
    const stranger = await generateKeyPair('RS256');
    await refusal(auth.authenticate(await token({}, { key: stranger.privateKey, kid: 'k9' })));
    expect(fetches).toBe(3);
  });
});
