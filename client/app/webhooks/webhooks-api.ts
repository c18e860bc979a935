import type { Webhook, WebhookBody, WebhookDelivery, WebhookList, WebhookSettings } from '#shared/api';
import { ArtifactsError, errorFromResponse } from '../api/index.ts';
import { getAccessToken } from '../auth/index.ts';

/** Where a panel's hooks live: the org's (`/api/admin/webhooks`) or one artifact's. */
export type HooksBase = '/api/admin/webhooks' | `/api/artifacts/${string}/webhooks`;

export const artifactHooksBase = (artifactId: string): HooksBase => `/api/artifacts/${encodeURIComponent(artifactId)}/webhooks`;

/** The webhook routes (server/webhooks/routes.ts) for the admin page and the artifact dialog. */
export const webhooksApi = {
  list: (base: HooksBase, signal?: AbortSignal) => call<WebhookList>('GET', base, undefined, signal),
  create: (base: HooksBase, body: WebhookBody, signal?: AbortSignal) => call<{ hook: Webhook; secret: string }>('POST', base, body, signal),
  remove: (base: HooksBase, id: string, signal?: AbortSignal) => call<undefined>('DELETE', `${base}/${encodeURIComponent(id)}`, undefined, signal),
  rotate: (base: HooksBase, id: string, signal?: AbortSignal) => call<{ hook: Webhook; secret: string }>('POST', `${base}/${encodeURIComponent(id)}/secret`, undefined, signal),
  test: (base: HooksBase, id: string, signal?: AbortSignal) => call<{ deliveryId: string }>('POST', `${base}/${encodeURIComponent(id)}/test`, undefined, signal),
  deliveries: (base: HooksBase, id: string, signal?: AbortSignal) => call<{ deliveries: WebhookDelivery[] }>('GET', `${base}/${encodeURIComponent(id)}/deliveries`, undefined, signal),
  saveSettings: (settings: WebhookSettings, signal?: AbortSignal) => call<WebhookSettings>('PUT', '/api/admin/webhook-settings', settings, signal),
};

async function call<T>(method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, body: unknown, signal: AbortSignal | undefined): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${await getAccessToken()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), ...(signal ? { signal } : {}) });
  } catch (cause: unknown) {
    if (signal?.aborted) throw cause;
    throw new ArtifactsError('Cannot reach the server.', 0, 'network_error', {}, { cause });
  }
  if (response.status === 204) return undefined as T;
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorFromResponse(response.status, json);
  return json as T;
}
