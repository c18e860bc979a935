/*
 * Outgoing webhooks: hooks per org and per artifact, a durable delivery queue worked in the
 * background, HMAC-signed bodies, retries with backoff, and SSRF guards on every URL.
 */
export { WebhookNotifier, type WebhookEvent, type WebhookNotifierDeps, type WebhookSettings } from './notifier.ts';
export { webhookRoutes, type WebhookRoutesDeps } from './routes.ts';
export { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader, verifySignature } from './signature.ts';
export { retryDelayMs, outcomeOf } from './backoff.ts';
export { allowedHostProblems } from './url-guard.ts';
