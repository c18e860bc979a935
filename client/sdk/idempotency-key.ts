/**
 * A fresh `Idempotency-Key` for one write: 128 random bits as 32 hex digits (visible ASCII,
 * far under the 255-character limit). `getRandomValues` rather than `randomUUID`, which
 * browsers only offer on https and localhost pages.
 */
export function newIdempotencyKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
