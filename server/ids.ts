import { randomBytes } from 'node:crypto';
import { ARTIFACT_ID_ALPHABET, ARTIFACT_ID_LENGTH } from '#shared';

/** A new artifact id: 16 characters of [a-z0-9], about 82 bits of randomness. */
export function newArtifactId(): string {
  return randomString(ARTIFACT_ID_LENGTH);
}

/** Ids for sections and events an agent sent without one. */
export function newItemId(): string {
  return randomString(10);
}

function randomString(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 252 = 7 * 36: rejecting bytes above it keeps every character equally likely.
  for (const byte of bytes) out += byte < 252 ? ARTIFACT_ID_ALPHABET[byte % 36] : ARTIFACT_ID_ALPHABET[Number(randomBytes(1)[0]) % 36];
  return out;
}
