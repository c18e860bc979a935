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

const list = (value: string | undefined) => (value ?? '').split(',').map((e) => e.trim()).filter(Boolean);

/**
 * The OTEL_* settings that give the SDK a Prometheus scrape endpoint on `prometheus` (the
 * server's METRICS_PORT) beside whatever OTEL_* already asks for. The SDK reads its exporters
 * from the environment only, so this is how the endpoint is added: `prometheus` joins the
 * metric exporters, and without any other OTEL_* request traces are turned off (the SDK's
 * default would otherwise export them to an OTLP collector on localhost that nobody set up).
 */
export function withPrometheus(env: Readonly<Record<string, string | undefined>>, prometheus: { host: string; port: number }): Record<string, string> {
  const asked = telemetryRequested(env);
  const metricExporters = list(env.OTEL_METRICS_EXPORTER).filter((e) => e !== 'prometheus');
  const others = !asked || metricExporters.includes('none') ? [] : metricExporters.length ? metricExporters : ['otlp'];
  return {
    OTEL_METRICS_EXPORTER: [...others, 'prometheus'].join(','),
    OTEL_EXPORTER_PROMETHEUS_HOST: prometheus.host,
    OTEL_EXPORTER_PROMETHEUS_PORT: String(prometheus.port),
    ...(asked ? {} : { OTEL_TRACES_EXPORTER: 'none' }),
  };
}
