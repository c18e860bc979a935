/** The service name telemetry reports unless OTEL_SERVICE_NAME (or OTEL_RESOURCE_ATTRIBUTES) names one. */
export const DEFAULT_SERVICE_NAME = 'live-artifacts';

const ENDPOINTS = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'] as const;
const EXPORTERS = ['OTEL_TRACES_EXPORTER', 'OTEL_METRICS_EXPORTER'] as const;

/**
 * Whether the environment asks for telemetry: an OTLP endpoint, or a traces or metrics exporter
 * other than `none`. Without either the SDK is never even loaded (main.ts), so a server that
 * exports nothing pays nothing; OTEL_SDK_DISABLED=true wins over both, as in the SDK.
 */
export function telemetryRequested(env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  if (ENDPOINTS.some((name) => Boolean(env[name]?.trim()))) return true;
  return EXPORTERS.some((name) => {
    const exporters = env[name]?.split(',').map((e) => e.trim()).filter(Boolean) ?? [];
    return exporters.some((e) => e !== 'none');
  });
}

/** Our default service name, or undefined when the environment names the service itself. */
export function defaultServiceName(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.OTEL_SERVICE_NAME?.trim()) return undefined;
  const named = (env.OTEL_RESOURCE_ATTRIBUTES ?? '').split(',').some((pair) => pair.split('=')[0]?.trim() === 'service.name');
  return named ? undefined : DEFAULT_SERVICE_NAME;
}
