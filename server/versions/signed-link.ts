import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a link to a frozen version stays valid. */
export const LINK_TTL_MS = 5 * 60_000;

/**
 * Short-lived capability links to one frozen version on the user-content origin, which has no
 * cookies and no session of its own. The app issues them only to someone allowed to read the
 * artifact; the link says which version and until when, and an HMAC proves the app made it.
 */
export class LinkSigner {
  private readonly key: Buffer;

  constructor(secret?: string) {
    this.key = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  }

  sign(artifactId: string, version: number, nowMs: number): { path: string; expiresAt: string } {
    const exp = Math.floor((nowMs + LINK_TTL_MS) / 1_000);
    const sig = this.mac(artifactId, version, exp);
    return { path: `/v/${artifactId}/${version}?exp=${exp}&sig=${sig}`, expiresAt: new Date(exp * 1_000).toISOString() };
  }

  /** True when the signature matches and the link has not expired. */
  verify(artifactId: string, version: number, exp: string | undefined, sig: string | undefined, nowMs: number): boolean {
    const expSeconds = Number(exp);
    if (!sig || !Number.isInteger(expSeconds) || expSeconds * 1_000 < nowMs) return false;
    const expected = Buffer.from(this.mac(artifactId, version, expSeconds));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac(artifactId: string, version: number, exp: number): string {
    return createHmac('sha256', this.key).update(`${artifactId}\n${version}\n${exp}`).digest('base64url');
  }
}
