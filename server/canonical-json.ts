import canonicalize from 'canonicalize';

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The canonical JSON (RFC 8785) of a value, for hashing: audit entries, request fingerprints,
 * version contents. Total: canonicalize 5 refuses strings with an unpaired UTF-16 surrogate,
 * which a JSON request body can carry before validation refuses it, so those are hashed with
 * each unpaired surrogate as U+FFFD, the bytes UTF-8 encoding gave them before (hashes made
 * earlier stay the same). `undefined` members are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  try {
    return canonicalize(value) ?? '';
  } catch (error) {
    if (!(error instanceof Error) || !/surrogate/i.test(error.message)) throw error;
    return canonicalize(wellFormed(value)) ?? '';
  }
}

function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UNPAIRED_SURROGATE, '\ufffd');
  if (Array.isArray(value)) return value.map(wellFormed);
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, member]) => [wellFormed(key) as string, wellFormed(member)]));
  }
  return value;
}
