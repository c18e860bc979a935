import { generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import type { JWK, JWKS } from 'oidc-provider';

/** The signing keys file inside the keys directory (private keys: mode 0600). */
export const JWKS_FILE = 'jwks.json';

/**
 * The IdP's signing keys: read from `<keysDir>/jwks.json`, or generated (one RSA 2048 key for
 * RS256, `kid` = its RFC 7638 thumbprint) and written there on first start, so tokens issued
 * before a restart still verify after it.
 */
export async function loadOrCreateSigningKeys(keysDir: string): Promise<JWKS> {
  const file = path.join(keysDir, JWKS_FILE);
  const existing = await readKeys(file);
  if (existing) return existing;
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new Error('key generation gave no RSA key');
  const key: JWK = { kty: 'RSA', n: jwk.n, e: jwk.e, d: jwk.d, p: jwk.p, q: jwk.q, dp: jwk.dp, dq: jwk.dq, qi: jwk.qi, alg: 'RS256', use: 'sig' };
  key.kid = await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n, e: jwk.e });
  const jwks: JWKS = { keys: [key] };
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(jwks, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await rename(tmp, file);
  return jwks;
}

async function readKeys(file: string): Promise<JWKS | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (!isJwks(parsed)) throw new Error(`${file} is not a JWKS with private signing keys`);
  return parsed;
}

function isJwks(value: unknown): value is JWKS {
  if (!value || typeof value !== 'object') return false;
  const keys = (value as { keys?: unknown }).keys;
  return (
    Array.isArray(keys) &&
    keys.length > 0 &&
    keys.every((k: unknown) => !!k && typeof k === 'object' && typeof (k as JWK).kty === 'string' && typeof (k as JWK).d === 'string' && typeof (k as JWK).kid === 'string')
  );
}
