/*
 * Redaction of values that look like secrets, applied to a hook event before anything of it is
 * stored (document, update log, audit trail). It errs on the side of hiding: a redacted build
 * log is a small loss, a leaked token is not. Pure string work, table-tested in redact.test.ts.
 */

export const REDACTED = '[REDACTED]';

/** Key names whose value is a secret whatever it looks like. */
const SECRET_NAME = String.raw`[A-Za-z0-9_.-]*(?:secret|token|passw(?:or)?d|passphrase|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?|auth(?:orization)?(?![a-z]))[A-Za-z0-9_.-]*`;
const SECRET_KEY = new RegExp(`^${SECRET_NAME}$`, 'i');
/** Key names that only hide a value that looks like key material (long hex or base64). */
const KEYISH_NAME = String.raw`[A-Za-z0-9_.-]*key[A-Za-z0-9_.-]*`;
const KEY_MATERIAL = String.raw`(?:[A-Fa-f0-9]{24,}|[A-Za-z0-9+/_-]{24,}={0,2})`;

/** Header names whose value is a credential. */
const SECRET_HEADERS = /^(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|x-auth-token|api-key)$/i;

interface Rule {
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const whole = (): string => REDACTED;

/** In order: blocks first (a private key holds base64 lines other rules would half-match). */
const RULES: readonly Rule[] = [
  // PEM private keys, also one cut off by truncation (no END line).
  { pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|$)/g, replace: () => `${REDACTED} private key` },
  // HTTP headers that carry credentials, in a curl command, a log or a raw request.
  { pattern: /\b((?:proxy-)?authorization|cookie|set-cookie|x-api-key|x-auth-token)(\s*:\s*)([^\r\n"']+)/gi, replace: (_m, name, sep) => `${name}${sep}${REDACTED}` },
  { pattern: /\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/=-]{8,}/g, replace: (_m, scheme, sep) => `${scheme}${sep}${REDACTED}` },
  // JSON Web Tokens.
  { pattern: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replace: whole },
  // Vendor token formats.
  { pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, replace: whole },
  { pattern: /\bsk-[A-Za-z0-9_-]{16,}/g, replace: whole },
  { pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g, replace: whole },
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: whole },
  { pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: whole },
  { pattern: /\bAIza[0-9A-Za-z_-]{35}/g, replace: whole },
  { pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g, replace: whole },
  { pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, replace: whole },
  // Credentials inside URLs: scheme://user:password@host.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)([^\s@/]+)@/gi, replace: (_m, head) => `${head}${REDACTED}@` },
  // "password": "x" and 'token': 'x' (JSON, YAML flow, Python dicts).
  {
    pattern: new RegExp(String.raw`(["'])(${SECRET_NAME})\1(\s*:\s*)(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,}\]]+)`, 'gi'),
    replace: (_m, quote, name, sep) => `${quote}${name}${quote}${sep}"${REDACTED}"`,
  },
  // .env lines, shell assignments and flags: API_TOKEN=x, export DB_PASSWORD="x", --password=x, password: x.
  // An unquoted call (`tokens = tokenize(x)`) is code, not a value.
  {
    pattern: new RegExp(String.raw`(^|[\s;&|(]|--?)(${SECRET_NAME})(\s*[=:]\s*)("[^"\r\n]*"|'[^'\r\n]*'|(?![\w.$]*\()[^\s"'\r\n]+)`, 'gim'),
    replace: (_m, before, name, sep) => `${before}${name}${sep}${REDACTED}`,
  },
  // Any *key* name followed by key material.
  {
    pattern: new RegExp(String.raw`(\b${KEYISH_NAME}["']?\s*[=:]\s*["']?)${KEY_MATERIAL}`, 'gi'),
    replace: (_m, head) => `${head}${REDACTED}`,
  },
];

/** `text` with everything that looks like a secret replaced by {@link REDACTED}. */
export function redactText(text: string): string {
  let out = text;
  for (const rule of RULES) out = out.replace(rule.pattern, rule.replace as (substring: string, ...args: unknown[]) => string);
  return out;
}

/** Whether an object key names a secret (its string value is hidden whole). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) || SECRET_HEADERS.test(key);
}

/**
 * A deep copy of a JSON value with secrets hidden: string values under secret-ish keys
 * whole, every other string by {@link redactText}. Numbers and booleans stay (a `max_tokens`
 * count is not a secret).
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = typeof item === 'string' && item !== '' && isSecretKey(key) ? REDACTED : redactValue(item, depth + 1);
  }
  return out;
}
