import { describe, expect, it } from 'vitest';
import { ArtifactsError, type ArtifactsErrorCode } from './artifacts-error.ts';
import { backoffDelayMs, DEFAULT_RETRY, isRetryable, MAX_RETRY_AFTER_MS, parseRetryAfter, resolveRetry, retryDelayMs, sleep } from './retry.ts';

const at = (random: number) => ({ ...DEFAULT_RETRY, random: () => random });

describe('backoff schedule', () => {
  it('doubles from 250 ms up to the 10 s cap, jittered within [d/2, d]', () => {
    const ceilings = [250, 500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000];
    expect(ceilings.map((_, i) => backoffDelayMs(i + 1, at(0.999_999)))).toEqual(ceilings);
    expect(ceilings.map((_, i) => backoffDelayMs(i + 1, at(0)))).toEqual(ceilings.map((d) => d / 2));
  });

  it('spreads clients that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs(5, DEFAULT_RETRY)));
    expect(delays.size).toBeGreaterThan(10);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(4_000);
  });

  it('never overflows on a long outage', () => {
    expect(backoffDelayMs(10_000, at(0.5))).toBe(7_500);
  });

  it('uses the server Retry-After instead, bounded', () => {
    const busy = new ArtifactsError('slow down', 429, 'http_429', {}, { retryAfterMs: 3_000 });
    expect(retryDelayMs(busy, 1, resolveRetry())).toBe(3_000);
    const absurd = new ArtifactsError('later', 503, 'unavailable', {}, { retryAfterMs: 86_400_000 });
    expect(retryDelayMs(absurd, 1, resolveRetry())).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it.each([
    ['5', 5_000],
    [' 0 ', 0],
    ['Sun, 01 Mar 2026 12:00:07 GMT', 7_000],
    ['Sun, 01 Mar 2026 11:00:00 GMT', 0],
    ['soon', undefined],
    ['-3', undefined],
  ])('%j → %s ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
  it('is absent without the header', () => expect(parseRetryAfter(null, now)).toBeUndefined());
});

describe('retryable or final', () => {
  const error = (status: number, code: ArtifactsErrorCode) => new ArtifactsError(code, status, code);
  it.each([
    [error(0, 'network_error'), true],
    [error(0, 'timeout'), true],
    [error(503, 'unavailable'), true],
    [error(429, 'http_429'), true],
    [error(502, 'http_502'), true],
    [error(504, 'http_504'), true],
    [error(409, 'idempotency_key_in_progress'), true],
    [error(409, 'idempotency_key_reused'), false],
    [error(409, 'http_409'), false],
    [error(400, 'invalid_idempotency_key'), false],
    [error(400, 'section_not_found'), false],
    [error(401, 'unauthorized'), false],
    [error(403, 'forbidden'), false],
    [error(404, 'not_found'), false],
    [error(413, 'body_too_large'), false],
    [error(500, 'internal'), false],
    [error(0, 'token_error'), false],
    [error(0, 'stream_closed'), false],
    [new Error('not ours'), false],
    ['a string', false],
  ])('%s → %s', (value, expected) => {
    expect(isRetryable(value)).toBe(expected);
  });
});

describe('options', () => {
  it('layers field by field; undefined keeps the layer below', () => {
    const onRetry = () => undefined;
    const merged = resolveRetry({ maxAttempts: 9, onRetry }, { maxAttempts: undefined, baseDelayMs: 1 });
    expect(merged).toMatchObject({ maxAttempts: 9, baseDelayMs: 1, maxDelayMs: 10_000, onRetry });
  });

  it('sleep stops at once on abort, with the reason', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const slept = sleep(10_000, controller.signal);
    controller.abort(new Error('given up'));
    await expect(slept).rejects.toThrow('given up');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
