import { webhookBodySchema, webhookSettingsSchema } from '#shared/api';
import { err, idParam, jsonSchema, noContent, ok, type Op, type Routes, type Schema } from './openapi-parts.ts';

const W = ['Webhooks'];
const hookParam = { name: 'hookId', in: 'path', required: true, schema: { type: 'string' }, description: 'Webhook id' };
const refusedUrl = err('`invalid_webhook_url` (not https, credentials, too long, does not resolve) or `webhook_url_refused` (a private, loopback or link-local address not in WEBHOOK_ALLOWED_HOSTS); `invalid_request` for events');

/** The same operations for the org's hooks (org-admin) and an artifact's (its owner). */
function hookRoutes(base: string, who: string, params: Schema[]): Routes {
  const op = (o: Omit<Op, 'tags'>): Op => ({ tags: W, ...o, params: [...params, ...(o.params ?? [])] });
  return {
    [base]: {
      get: op({ summary: `Webhooks ${who}, and the org's content setting (secrets are never listed)`, responses: { '200': ok('Hooks', 'WebhookList') } }),
      post: op({
        summary: `Add a webhook ${who}; the signing secret is in this answer only. Audited as webhook-created (the URL's host only)`,
        body: jsonSchema(webhookBodySchema),
        responses: { '201': ok('Created, with its secret', 'WebhookSecret'), '400': refusedUrl, '409': err('`too_many_webhooks`') },
      }),
    },
    [`${base}/{hookId}`]: {
      put: op({ summary: 'Replace the URL and events; audited as webhook-updated', params: [hookParam], body: jsonSchema(webhookBodySchema), responses: { '200': ok('Updated', 'Webhook'), '400': refusedUrl } }),
      delete: op({ summary: 'Delete the webhook and its delivery log; audited as webhook-deleted', params: [hookParam], responses: { '204': noContent('Deleted') } }),
    },
    [`${base}/{hookId}/secret`]: {
      post: op({ summary: 'Rotate the signing secret (the new one is in this answer only; pending retries are signed with it)', params: [hookParam], responses: { '200': ok('New secret', 'WebhookSecret') } }),
    },
    [`${base}/{hookId}/test`]: {
      post: op({ summary: 'Queue a `test` event to this webhook now', params: [hookParam], responses: { '202': ok('Queued', 'WebhookTest') } }),
    },
    [`${base}/{hookId}/deliveries`]: {
      get: op({ summary: 'The newest 50 deliveries with every attempt (status code, duration, error) and the next retry', params: [hookParam], responses: { '200': ok('Delivery log', 'WebhookDeliveryList') } }),
    },
  };
}

/** Outgoing webhooks: OpenAPI path → method → operation. */
export const WEBHOOK_ROUTES: Routes = {
  ...hookRoutes('/api/admin/webhooks', 'of the whole org (org-admin)', []),
  ...hookRoutes('/api/artifacts/{id}/webhooks', 'of one artifact (its owner)', [idParam]),
  '/api/admin/webhook-settings': {
    put: {
      summary: "Whether the org's webhook bodies may carry content such as a comment's text (org-admin; off by default); audited",
      tags: W,
      body: jsonSchema(webhookSettingsSchema),
      responses: { '200': ok('Settings', 'WebhookSettings') },
    },
  },
};
