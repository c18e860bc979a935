import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { oidcAuthenticator } from '../auth/oidc.ts';
import type { Authenticator } from '../auth/index.ts';
import { findUser } from './realm.ts';
import { accessToken, decode, passwordGrant, startIdp, tokenRequest, type RunningIdp } from './test-support.ts';

let dir: string;
let idp: RunningIdp;
let auth: Authenticator;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'idp-'));
  idp = await startIdp(path.join(dir, 'idp'));
  auth = oidcAuthenticator({ issuer: idp.issuer, audience: 'artifacts-api', clients: [] });
});
afterAll(async () => {
  await idp?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function refused(token: string): Promise<number> {
  try {
    await auth.authenticate(token);
  } catch (error) {
    return error instanceof AppError ? error.status : -1;
  }
  return 200;
}

describe('embedded IdP: Keycloak-shaped endpoints and tokens', () => {
  it('publishes Keycloak paths in its discovery document', async () => {
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      issuer: idp.issuer,
      jwks_uri: `${idp.issuer}/protocol/openid-connect/certs`,
      token_endpoint: `${idp.issuer}/protocol/openid-connect/token`,
      authorization_endpoint: `${idp.issuer}/protocol/openid-connect/auth`,
      device_authorization_endpoint: `${idp.issuer}/protocol/openid-connect/auth/device`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(doc.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'password', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code']));
    expect((await fetch(`http://127.0.0.1:${idp.port}/elsewhere`)).status).toBe(404);
  });

  it('issues alice a password-grant token the resource server maps to acme, artifact-author, acme-sre', async () => {
    const token = await accessToken(await passwordGrant(idp, 'alice'));
    const { header, payload } = decode(token);
    expect(header).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    expect(payload).toMatchObject({
      iss: idp.issuer,
      aud: 'artifacts-api',
      typ: 'Bearer',
      azp: 'artifacts-cli',
      sub: findUser('alice')?.id,
      preferred_username: 'alice',
      realm_access: { roles: expect.arrayContaining(['artifact-author']) },
      organization: ['acme'],
      groups: ['acme-sre'],
      scope: expect.stringContaining('organization'),
    });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(300);
    const session = await auth.authenticate(token);
    expect(session).toEqual({ userId: findUser('alice')?.id, name: 'Alice Anders', orgId: 'acme', roles: ['artifact-author'], groups: ['acme-sre'], expiresAtMs: Number(payload.exp) * 1000 });
  });

  it('maps carol to globex and the other demo users to their roles', async () => {
    expect(await auth.authenticate(await accessToken(await passwordGrant(idp, 'carol')))).toMatchObject({ name: 'Carol Chen', orgId: 'globex', roles: ['artifact-author'], groups: ['globex-eng'] });
    expect(await auth.authenticate(await accessToken(await passwordGrant(idp, 'vic')))).toMatchObject({ orgId: 'acme', roles: ['artifact-viewer'], groups: [] });
    expect(await auth.authenticate(await accessToken(await passwordGrant(idp, 'audrey')))).toMatchObject({ orgId: 'acme', roles: ['auditor'] });
    expect(await auth.authenticate(await accessToken(await passwordGrant(idp, 'adam')))).toMatchObject({ orgId: 'acme', roles: ['org-admin'] });
  });

  it('gives the agent a client-credentials token for its acme service account', async () => {
    const answer = await tokenRequest(idp, { grant_type: 'client_credentials', client_id: 'artifacts-agent', client_secret: 'artifacts-agent-secret' });
    const token = await accessToken(answer);
    expect(decode(token).payload).toMatchObject({ azp: 'artifacts-agent', typ: 'Bearer', aud: 'artifacts-api', preferred_username: 'service-account-artifacts-agent' });
    expect(await auth.authenticate(token)).toMatchObject({ name: 'service-account-artifacts-agent', orgId: 'acme', roles: ['artifact-author'] });
    const wrong = await tokenRequest(idp, { grant_type: 'client_credentials', client_id: 'artifacts-agent', client_secret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
  });

  it('refuses wrong passwords, unknown users and clients without the password grant', async () => {
    for (const answer of [await passwordGrant(idp, 'alice', 'bob'), await passwordGrant(idp, 'mallory'), await passwordGrant(idp, 'alice', 'Alice')]) {
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_grant');
      expect(answer.body.access_token).toBeUndefined();
    }
    expect((await passwordGrant(idp, 'alice', '')).status).toBe(400);
    const web = await tokenRequest(idp, { grant_type: 'password', client_id: 'artifacts-web', username: 'alice', password: 'alice' });
    expect(web.status).toBe(400);
    // oidc-provider answers invalid_request (Keycloak: unauthorized_client); either way no token.
    expect(web.body).toMatchObject({ error: 'invalid_request', error_description: 'requested grant type is not allowed for this client' });
  });

  it('returns ID and refresh tokens the resource server refuses, and refreshes the access token', async () => {
    const answer = await passwordGrant(idp, 'bob', 'bob', { scope: 'openid' });
    const { id_token: idToken, refresh_token: refreshToken } = answer.body;
    expect(typeof idToken).toBe('string');
    expect(typeof refreshToken).toBe('string');
    expect(decode(String(idToken)).payload).toMatchObject({ typ: 'ID', aud: 'artifacts-cli', preferred_username: 'bob' });
    expect(await refused(String(idToken))).toBe(401);
    expect(await refused(String(refreshToken))).toBe(401);
    const refreshed = await tokenRequest(idp, { grant_type: 'refresh_token', client_id: 'artifacts-cli', refresh_token: String(refreshToken) });
    expect(await auth.authenticate(await accessToken(refreshed))).toMatchObject({ name: 'Bob Baker', orgId: 'acme', groups: ['acme-sre'] });
  });

  it('keeps its signing key across a restart: same kid, and old tokens still verify', async () => {
    const keysDir = path.join(dir, 'restart');
    const first = await startIdp(keysDir);
    const port = first.port;
    const old = await accessToken(await passwordGrant(first, 'alice'));
    const file = path.join(keysDir, 'jwks.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const before = await readFile(file, 'utf8');
    await first.stop();

    const second = await startIdp(keysDir, port);
    try {
      expect(second.issuer).toBe(first.issuer);
      expect(await readFile(file, 'utf8')).toBe(before);
      const jwks = (await (await fetch(`${second.issuer}/protocol/openid-connect/certs`)).json()) as { keys: { kid: string; d?: string }[] };
      expect(jwks.keys.map((k) => k.kid)).toEqual([decode(old).header.kid]);
      expect(jwks.keys[0]?.d).toBeUndefined();
      const fresh = await accessToken(await passwordGrant(second, 'alice'));
      expect(decode(fresh).header.kid).toBe(decode(old).header.kid);
      const verifier = oidcAuthenticator({ issuer: second.issuer, audience: 'artifacts-api', clients: [] });
      expect(await verifier.authenticate(old)).toMatchObject({ name: 'Alice Anders', orgId: 'acme' });
    } finally {
      await second.stop();
    }
  });
});
