import type { WebhookDelivery } from '#shared/api';

/*
 * The words of the delivery log: what happened to one delivery, in a line a person reads at a
 * glance. Pure, so it is tested without a browser.
 */

export const EVENT_LABELS: Record<WebhookDelivery['event'], string> = {
  published: 'Published',
  restored: 'Restored',
  commented: 'Commented',
  mentioned: 'Mentioned',
  test: 'Test event',
};

/** "Delivered", "Failed after 6 attempts", "Retrying (attempt 2 failed)", "Sending…". */
export function deliveryStatusText(d: WebhookDelivery): string {
  const n = d.attempts.length;
  switch (d.status) {
    case 'delivered':
      return n > 1 ? `Delivered on attempt ${n}` : 'Delivered';
    case 'failed':
      return n > 1 ? `Failed after ${n} attempts` : 'Failed';
    case 'delivering':
      return 'Sending…';
    case 'pending':
      return n === 0 ? 'Queued' : `Retrying (attempt ${n} failed)`;
  }
}

/** The last attempt's answer: "HTTP 200 · 42 ms", "No answer · ECONNREFUSED…", or nothing yet. */
export function lastAttemptText(d: WebhookDelivery): string {
  const last = d.attempts.at(-1);
  if (!last) return 'Not sent yet';
  const answer = last.statusCode === null ? 'No answer' : `HTTP ${last.statusCode}`;
  const error = last.statusCode === null && last.error ? ` · ${last.error}` : '';
  return `${answer} · ${last.durationMs} ms${error}`;
}

/** "next try in 4 min" for a pending delivery, from `nowMs`. */
export function nextTryText(d: WebhookDelivery, nowMs: number): string | undefined {
  if (d.status !== 'pending' || !d.nextAttemptAt || d.attempts.length === 0) return undefined;
  const inMs = Date.parse(d.nextAttemptAt) - nowMs;
  if (inMs <= 5_000) return 'next try any moment';
  if (inMs < 60_000) return `next try in ${Math.round(inMs / 1_000)} s`;
  return `next try in ${Math.round(inMs / 60_000)} min`;
}
