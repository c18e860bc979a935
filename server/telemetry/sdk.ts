import { NodeSDK } from '@opentelemetry/sdk-node';
import { defaultServiceName, withPrometheus } from './config.ts';
import { markTelemetryOn } from './switch.ts';

/** The running SDK, for main.ts to flush at shutdown. */
export interface TelemetrySdk {
  /** Exports what is buffered (spans, a last metric collection) and stops. */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK from the standard OTEL_* variables (exporters, protocol,
 * endpoint, intervals, sampler, resource) and registers it with the API, whose tracers and
 * meters the server uses. Loaded only by main.ts's dynamic import, and only when telemetry is
 * asked for: this module is the one place that depends on the SDK. No instrumentation
 * libraries: the server traces what it does itself. No log export: logs go to stdout.
 * With `prometheus` (METRICS_PORT) metrics are also served for scraping on that address.
 */
export function startTelemetry(env: NodeJS.ProcessEnv = process.env, prometheus?: { host: string; port: number }): TelemetrySdk {
  // The SDK reads its exporters from process.env only.
  if (prometheus) Object.assign(process.env, withPrometheus(env, prometheus));
  const serviceName = defaultServiceName(env);
  const sdk = new NodeSDK({ ...(serviceName ? { serviceName } : {}), instrumentations: [], logRecordProcessors: [] });
  sdk.start();
  markTelemetryOn();
  return sdk;
}
