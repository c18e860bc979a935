import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import type { JWK, JWKS } from 'oidc-provider';

/** The signing keys file inside the keys directory (private keys: mode 0600). */
export const JWKS_FILE = 'jwks.json';
/** The cookie signing keys file beside it (mode 0600). */
export const COOKIE_KEYS_FILE = 'cookie-keys.json';

/**
 * The IdP's signing keys: read from `<keysDir>/jwks.json`, or generated (one RSA 2048 key for
 * RS256, `kid` = its RFC 7638 thumbprint) and written there on first start, so tokens issued
 * before a restart still verify after it.
 */
export async function loadOrCreateSigningKeys(keysDir: string): Promise<JWKS> {
  return loadOrCreate(path.join(keysDir, JWKS_FILE), isJwks, 'a JWKS with private signing keys', async () => {
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new Error('key generation gave no RSA key');
    const key: JWK = { kty: 'RSA', n: jwk.n, e: jwk.e, d: jwk.d, p: jwk.p, q: jwk.q, dp: jwk.dp, dq: jwk.dq, qi: jwk.qi, alg: 'RS256', use: 'sig' };
    key.kid = await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n, e: jwk.e });
    return { keys: [key] };
  });
}

/**
 * The keys oidc-provider signs its cookies with (session, interaction, resume): read from
 * `<keysDir>/cookie-keys.json`, or generated (32 random bytes) on first start. Random per start,
 * they made every session cookie unreadable after a restart, which signed everyone out.
 * Rotating: put a new key first; older ones after it still verify cookies already set.
 */
export async function loadOrCreateCookieKeys(keysDir: string): Promise<string[]> {
  const file = await loadOrCreate(path.join(keysDir, COOKIE_KEYS_FILE), isCookieKeys, 'a list of cookie keys', async () => ({
    keys: [randomBytes(32).toString('base64url')],
  }));
  return file.keys;
}

/** Reads a JSON secret, or creates it (mode 0600, written whole: temp file, then rename). */
async function loadOrCreate<T>(file: string, isValid: (value: unknown) => value is T, what: string, create: () => Promise<T>): Promise<T> {
  const existing = await readJson(file);
  if (existing !== undefined) {
    if (!isValid(existing)) throw new Error(`${file} is not ${what}`);
    return existing;
  }
  const value = await create();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await rename(tmp, file);
  return value;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as unknown;
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

/** At least one key, each long enough to be a secret (the generated ones are 43 characters). */
function isCookieKeys(value: unknown): value is { keys: string[] } {
  if (!value || typeof value !== 'object') return false;
  const keys = (value as { keys?: unknown }).keys;
  return Array.isArray(keys) && keys.length > 0 && keys.every((k: unknown) => typeof k === 'string' && k.length >= 32);
}
