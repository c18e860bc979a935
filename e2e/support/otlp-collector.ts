import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An OTLP attribute value as the JSON encoding writes it (64-bit ints may come as strings). */
interface AnyValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
}
interface KeyValue {
  key: string;
  value: AnyValue;
}

/** One span as received, its attributes as a plain object. */
export interface CollectedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  scope: string;
  attributes: Record<string, string | number | boolean>;
  status: { code?: number };
  events: { name: string; attributes: Record<string, string | number | boolean> }[];
}

/** One data point of a metric: a sum or gauge value, or a histogram's count and sum. */
export interface CollectedPoint {
  metric: string;
  unit: string;
  kind: 'sum' | 'gauge' | 'histogram';
  value: number;
  count: number;
  attributes: Record<string, string | number | boolean>;
}

export interface OtlpCollector {
  /** The OTEL_EXPORTER_OTLP_ENDPOINT to give an exporter. */
  url: string;
  /** Every body received, as text (kept only with `keep`), for leak checks. */
  readonly bodies: string[];
  /** Requests received per path (/v1/traces, /v1/metrics, ...). */
  readonly requests: Map<string, number>;
  spans(): CollectedSpan[];
  points(metric: string): CollectedPoint[];
  close(): Promise<void>;
}

/**
 * An OTLP/HTTP endpoint served by the test itself: answers every export with success. With
 * `keep`, it stores JSON bodies (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`) and reads spans and
 * metric points out of them; without, it reads each body and throws it away (the benchmark's
 * sink, so an exporter's cost is measured with a collector that costs the server nothing).
 */
export async function startOtlpCollector(options: { keep?: boolean } = {}): Promise<OtlpCollector> {
  const bodies: string[] = [];
  const requests = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      if (options.keep) chunks.push(chunk);
    });
    req.on('end', () => {
      const json = (req.headers['content-type'] ?? '').includes('json');
      if (options.keep) bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const parsed = () => bodies.flatMap((body) => (body.startsWith('{') ? [JSON.parse(body) as OtlpBody] : []));
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    requests,
    spans: () => parsed().flatMap(spansOf),
    points: (metric) => parsed().flatMap((body) => pointsOf(body, metric)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes?: KeyValue[];
  status?: { code?: number };
  events?: { name: string; attributes?: KeyValue[] }[];
}
interface OtlpDataPoint {
  attributes?: KeyValue[];
  asInt?: number | string;
  asDouble?: number;
  count?: number | string;
  sum?: number;
}
interface OtlpMetric {
  name: string;
  unit?: string;
  sum?: { dataPoints: OtlpDataPoint[] };
  gauge?: { dataPoints: OtlpDataPoint[] };
  histogram?: { dataPoints: OtlpDataPoint[] };
}
interface OtlpBody {
  resourceSpans?: { scopeSpans?: { scope?: { name?: string }; spans?: OtlpSpan[] }[] }[];
  resourceMetrics?: { scopeMetrics?: { metrics?: OtlpMetric[] }[] }[];
}

function attributesOf(list: KeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    const v = value.stringValue ?? value.boolValue ?? value.doubleValue ?? value.intValue;
    if (v !== undefined) out[key] = typeof v === 'string' && value.intValue !== undefined ? Number(v) : v;
  }
  return out;
}

function spansOf(body: OtlpBody): CollectedSpan[] {
  return (body.resourceSpans ?? []).flatMap((rs) =>
    (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        name: s.name,
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId || undefined,
        scope: ss.scope?.name ?? '',
        attributes: attributesOf(s.attributes),
        status: s.status ?? {},
        events: (s.events ?? []).map((e) => ({ name: e.name, attributes: attributesOf(e.attributes) })),
      })),
    ),
  );
}

function pointsOf(body: OtlpBody, name: string): CollectedPoint[] {
  const metrics = (body.resourceMetrics ?? []).flatMap((rm) => (rm.scopeMetrics ?? []).flatMap((sm) => sm.metrics ?? [])).filter((m) => m.name === name);
  return metrics.flatMap((m) => {
    const kind = m.histogram ? 'histogram' : m.gauge ? 'gauge' : 'sum';
    const points = m.histogram?.dataPoints ?? m.gauge?.dataPoints ?? m.sum?.dataPoints ?? [];
    return points.map((p) => ({
      metric: m.name,
      unit: m.unit ?? '',
      kind,
      value: kind === 'histogram' ? (p.sum ?? 0) : Number(p.asInt ?? p.asDouble ?? 0),
      count: Number(p.count ?? 0),
      attributes: attributesOf(p.attributes),
    }));
  });
}
