import { NodeSDK } from '@opentelemetry/sdk-node';
import { defaultServiceName } from './config.ts';
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
 */
export function startTelemetry(env: Readonly<Record<string, string | undefined>> = process.env): TelemetrySdk {
  const serviceName = defaultServiceName(env);
  const sdk = new NodeSDK({ ...(serviceName ? { serviceName } : {}), instrumentations: [], logRecordProcessors: [] });
  sdk.start();
  markTelemetryOn();
  return sdk;
}
