import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * `X-Live-Artifacts-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with the
 * hook's secret (the scheme Stripe uses): the time inside the signed text lets a receiver
 * refuse replays older than its tolerance, and `v1` leaves room for another scheme later.
 */

export const SIGNATURE_HEADER = 'X-Live-Artifacts-Signature';
export const DELIVERY_HEADER = 'X-Live-Artifacts-Delivery';
export const EVENT_HEADER = 'X-Live-Artifacts-Event';

/** A new hook secret: 32 random bytes, prefixed so it is recognisable in a secret scanner. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (README shows the same in a few lines): recompute the HMAC over the
 * raw body and compare in constant time, refusing times further than `toleranceS` from now.
 */
export function verifySignature(secret: string, body: string, header: string, nowS: number, toleranceS = 300): boolean {
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowS - t) > toleranceS || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}
