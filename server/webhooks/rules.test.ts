import { describe, expect, it } from 'vitest';
import { outcomeOf, retryAfterMs, retryDelayMs } from './backoff.ts';
import { signatureHeader, verifySignature } from './signature.ts';
import { allowedHostProblems, resolveTarget, TargetRefused, targetPolicy } from './url-guard.ts';

describe('retryDelayMs', () => {
  it('grows by 3 from 30 s, ±20 % jitter, about an hour over 6 attempts', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 0.5))).toEqual([30_000, 90_000, 270_000, 810_000, 2_430_000]);
    expect(retryDelayMs(1, 0)).toBe(24_000);
    expect(retryDelayMs(1, 0.999_999)).toBe(36_000);
    const total = [1, 2, 3, 4, 5].reduce((sum, n) => sum + retryDelayMs(n, 0.5), 0);
    expect(total / 60_000).toBeCloseTo(60.5, 1);
  });

  it("honours a receiver's Retry-After when it asks for longer, up to an hour", () => {
    expect(retryDelayMs(1, 0.5, 120_000)).toBe(120_000);
    expect(retryDelayMs(1, 0.5, 1_000)).toBe(30_000);
    expect(retryDelayMs(1, 0.5, 10 * 60 * 60 * 1_000)).toBe(60 * 60 * 1_000);
    expect(retryAfterMs('120', 0)).toBe(120_000);
    expect(retryAfterMs(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
  });
});

describe('outcomeOf', () => {
  it.each([
    [200, 'delivered'], [204, 'delivered'], [null, 'retry'], [408, 'retry'], [429, 'retry'], [500, 'retry'], [503, 'retry'],
    [301, 'stop'], [400, 'stop'], [401, 'stop'], [404, 'stop'], [410, 'stop'],
  ] as const)('%s → %s', (status, outcome) => expect(outcomeOf(status)).toBe(outcome));
});

describe('signatures', () => {
  it('verify over the exact body within the tolerance only', () => {
    const header = signatureHeader('s3cret', '{"a":1}', 1_000);
    expect(header).toMatch(/^t=1000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('s3cret', '{"a":1}', header, 1_100)).toBe(true);
    expect(verifySignature('s3cret', '{"a":2}', header, 1_100)).toBe(false);
    expect(verifySignature('s3cret', '{"a":1}', header, 2_000)).toBe(false);
    expect(verifySignature('other', '{"a":1}', header, 1_100)).toBe(false);
    expect(verifySignature('s3cret', '{"a":1}', 'garbage', 1_100)).toBe(false);
  });
});

describe('targets', () => {
  const none = targetPolicy([]);
  it.each(['10.0.0.1', '172.20.1.1', '192.168.0.10', '127.0.0.1', '169.254.169.254', '100.64.0.1', '[::1]', '[fe80::1]', '[fd00::1]', '[::ffff:127.0.0.1]', '224.0.0.1'])(
    'refuses %s without an allowance',
    async (host) => {
      await expect(resolveTarget(new URL(`https://${host}/`), none)).rejects.toBeInstanceOf(TargetRefused);
    },
  );

  it('accepts public addresses, and private ones allowed by host, address or range', async () => {
    await expect(resolveTarget(new URL('https://93.184.215.14/'), none)).resolves.toEqual({ address: '93.184.215.14', family: 4 });
    await expect(resolveTarget(new URL('https://[2606:4700::1111]/'), none)).resolves.toEqual({ address: '2606:4700::1111', family: 6 });
    await expect(resolveTarget(new URL('https://10.1.2.3/'), targetPolicy(['10.0.0.0/8']))).resolves.toMatchObject({ address: '10.1.2.3' });
    await expect(resolveTarget(new URL('https://10.1.2.3/'), targetPolicy(['10.1.2.4']))).rejects.toBeInstanceOf(TargetRefused);
    // localhost resolves from /etc/hosts (no network): allowed by name, whatever its addresses.
    await expect(resolveTarget(new URL('https://localhost/'), targetPolicy(['localhost']))).resolves.toMatchObject({ address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/) });
    await expect(resolveTarget(new URL('https://localhost/'), none)).rejects.toBeInstanceOf(TargetRefused);
  });

  it('lists bad WEBHOOK_ALLOWED_HOSTS entries', () => {
    expect(allowedHostProblems(['hooks.internal', '10.0.0.0/8', '::1', 'fd00::/8'])).toEqual([]);
    expect(allowedHostProblems(['10.0.0.0/40', 'a b', '10.0.0.0/8/1'])).toHaveLength(3);
  });
});
