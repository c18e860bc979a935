import { describe, expect, it } from 'vitest';
import type { WebhookDelivery } from '#shared/api';
import { deliveryStatusText, lastAttemptText, nextTryText } from './delivery-text.ts';

const attempt = (statusCode: number | null, error: string | null = null) => ({ attempt: 1, at: '2026-12-02T12:00:00.000Z', statusCode, durationMs: 42, error });
const delivery = (over: Partial<WebhookDelivery>): WebhookDelivery => ({ id: 'd', hookId: 'h', event: 'published', status: 'pending', attempts: [], nextAttemptAt: null, createdAt: '2026-12-02T12:00:00.000Z', ...over });

describe('delivery log text', () => {
  it('says what happened to a delivery', () => {
    expect(deliveryStatusText(delivery({ status: 'delivered', attempts: [attempt(200)] }))).toBe('Delivered');
    expect(deliveryStatusText(delivery({ status: 'delivered', attempts: [attempt(500), attempt(200)] }))).toBe('Delivered on attempt 2');
    expect(deliveryStatusText(delivery({ status: 'failed', attempts: [attempt(410)] }))).toBe('Failed');
    expect(deliveryStatusText(delivery({ status: 'pending', attempts: [attempt(500)] }))).toBe('Retrying (attempt 1 failed)');
    expect(deliveryStatusText(delivery({ status: 'pending' }))).toBe('Queued');
  });

  it('gives the last answer and when the next try is', () => {
    expect(lastAttemptText(delivery({ attempts: [attempt(503)] }))).toBe('HTTP 503 · 42 ms');
    expect(lastAttemptText(delivery({ attempts: [attempt(null, 'no answer within 10000 ms')] }))).toBe('No answer · 42 ms · no answer within 10000 ms');
    expect(lastAttemptText(delivery({}))).toBe('Not sent yet');
    const pending = delivery({ attempts: [attempt(500)], nextAttemptAt: '2026-12-02T12:04:00.000Z' });
    expect(nextTryText(pending, Date.parse('2026-12-02T12:00:00.000Z'))).toBe('next try in 4 min');
    expect(nextTryText(pending, Date.parse('2026-12-02T12:03:30.000Z'))).toBe('next try in 30 s');
    expect(nextTryText(delivery({ status: 'delivered', attempts: [attempt(200)] }), 0)).toBeUndefined();
  });
});
