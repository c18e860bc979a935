import { html, nothing, type TemplateResult } from 'lit';
import type { WebhookDelivery } from '#shared/api';
import type { ArtifactsError } from '../api/index.ts';
import { deliveryStatusText, EVENT_LABELS, lastAttemptText, nextTryText } from './delivery-text.ts';

/** One hook's open delivery log: loading (no deliveries yet), loaded, or failed to load. */
export type Log = { hookId: string; deliveries: WebhookDelivery[] | undefined; error?: ArtifactsError };

/** The log under a hook, newest first: each delivery's event, outcome, last answer and next try. */
export function renderDeliveryLog(log: Log | undefined, nowMs = Date.now()): TemplateResult {
  if (log?.error) return html`<p class="admin-status admin-status--error" role="alert">The delivery log could not be loaded: ${log.error.message}</p>`;
  if (!log?.deliveries) return html`<p class="muted" role="status">Loading deliveries…</p>`;
  if (!log.deliveries.length) return html`<p class="webhooks__empty" data-testid="webhook-log-empty">Nothing sent yet. Deliveries appear here as events happen (or press “Send test”).</p>`;
  return html`<ol class="webhooks__log" aria-label="Deliveries, newest first" data-testid="webhook-log">
    ${log.deliveries.map((d) => {
      const next = nextTryText(d, nowMs);
      return html`<li class="webhooks__delivery webhooks__delivery--${d.status}" data-testid="webhook-delivery">
        <span class="webhooks__delivery-event">${EVENT_LABELS[d.event]}</span>
        <span class="webhooks__delivery-status" data-testid="webhook-delivery-status">${deliveryStatusText(d)}</span>
        <span class="webhooks__delivery-answer">${lastAttemptText(d)}${next ? html` · <span>${next}</span>` : nothing}</span>
        <time class="webhooks__delivery-time muted" datetime=${d.createdAt} title=${d.createdAt}>${new Date(d.createdAt).toLocaleString()}</time>
      </li>`;
    })}
  </ol>`;
}
