import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { InputError } from './errors.ts';

/** One login, as `artifacts login` stored it. Tokens never leave this file except in Authorization headers. */
export interface StoredLogin {
  issuer: string;
  clientId: string;
  /** `device`: a person's login, renewed with the refresh token. `client_credentials`: a pipeline, renewed with ARTIFACTS_CLIENT_SECRET. */
  grant: 'device' | 'client_credentials';
  tokenEndpoint: string;
  accessToken: string;
  refreshToken?: string;
  /** ISO time the access token expires. */
  expiresAt: string;
}

interface CredentialsFile {
  version: 1;
  /** Keyed by issuer URL (no trailing slash). */
  logins: Record<string, StoredLogin>;
}

/** `$ARTIFACTS_CREDENTIALS`, else `${XDG_CONFIG_HOME:-~/.config}/live-artifacts/credentials.json`. */
export function credentialsPath(env: Readonly<Record<string, string | undefined>>): { file: string; ownDirectory: boolean } {
  const override = env['ARTIFACTS_CREDENTIALS'];
  if (override) return { file: path.resolve(override), ownDirectory: false };
  const config = env['XDG_CONFIG_HOME'] || path.join(env['HOME'] || homedir(), '.config');
  return { file: path.join(config, 'live-artifacts', 'credentials.json'), ownDirectory: true };
}

export function normalizeIssuer(issuer: string): string {
  return issuer.replace(/\/+$/, '');
}

function readFile(file: string): CredentialsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, logins: {} };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<CredentialsFile>;
    if (parsed && typeof parsed.logins === 'object' && parsed.logins !== null) return { version: 1, logins: parsed.logins };
  } catch {
    // fall through
  }
  throw new InputError('bad_credentials', `${file} is not a credentials file; delete it and run "artifacts login" again`);
}

/** Writes the whole file atomically: a 0600 temp file beside it, fsync, rename. */
function writeFile(file: string, ownDirectory: boolean, content: CredentialsFile): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (ownDirectory) chmodSync(dir, 0o700);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(content, null, 2)}\n`);
    fsyncSync(fd);
  } catch (error: unknown) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, file);
  } catch (error: unknown) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export class CredentialStore {
  private readonly file: string;
  private readonly ownDirectory: boolean;

  constructor(env: Readonly<Record<string, string | undefined>>) {
    ({ file: this.file, ownDirectory: this.ownDirectory } = credentialsPath(env));
  }

  get path(): string {
    return this.file;
  }

  get(issuer: string): StoredLogin | undefined {
    return readFile(this.file).logins[normalizeIssuer(issuer)];
  }

  save(login: StoredLogin): void {
    const content = readFile(this.file);
    content.logins[normalizeIssuer(login.issuer)] = login;
    writeFile(this.file, this.ownDirectory, content);
  }

  /** Resolves with the removed login, if there was one. */
  remove(issuer: string): StoredLogin | undefined {
    const content = readFile(this.file);
    const key = normalizeIssuer(issuer);
    const login = content.logins[key];
    if (!login) return undefined;
    delete content.logins[key];
    writeFile(this.file, this.ownDirectory, content);
    return login;
  }
}
