/**
 * Tracing and metrics through `@opentelemetry/api` only: without a registered SDK (see
 * sdk.ts, loaded by main.ts when OTEL_* asks for it) every span and instrument is a no-op.
 */
export { ATTR, METRIC, SPAN } from './attributes.ts';
export { detached, failureOf, markFailed, tracer, withSpan } from './tracing.ts';
export { instruments, observeCollab, recordAuditEvents, countRefusal, recordBroadcast, recordRetentionDeletions, type EditVia } from './metrics.ts';
