export { WebhooksPanel } from './webhooks-panel.ts';
export { WebhooksControl } from './webhooks-control.ts';
