import { httpInstrumentationMiddleware } from '@hono/otel';
import { context, SpanStatusCode, trace, type Attributes, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import type { MiddlewareHandler } from 'hono';
import { ATTR } from './attributes.ts';
import { telemetryOn } from './switch.ts';
import { failureOf } from './tracing.ts';

const passThrough: MiddlewareHandler = async (_c, next) => {
  await next();
};

/**
 * `@hono/otel`'s middleware (one SERVER span per request named `METHOD /route/:param`, and the
 * `http.server.request.duration` and `http.server.active_requests` metrics), with what it
 * records by default made safe: it puts the full URL on every span, and a query string can
 * hold a search text (`?q=`) or a signed link's signature, so spans get `url.path` and
 * `url.scheme` instead; no headers are captured (they carry the bearer token); an exception is
 * recorded as its code only (its message may quote what the client sent).
 *
 * Call it after telemetry is set up: the middleware takes its meter when it is created.
 * Without telemetry it is a pass-through.
 */
export function httpTelemetry(): MiddlewareHandler {
  // Off, the middleware would still read every header and build its attribute objects per request.
  if (!telemetryOn()) return passThrough;
  return httpInstrumentationMiddleware({
    tracer: new SafeHttpTracer(trace.getTracer('@hono/otel')),
    captureRequestHeaders: [],
    captureResponseHeaders: [],
  });
}

/** The path and scheme of an absolute URL, without query or fragment (a pure string cut: no URL parsing per request). */
export function pathAndScheme(url: string): { path: string; scheme: string } {
  const schemeEnd = url.indexOf('://');
  const scheme = schemeEnd > 0 ? url.slice(0, schemeEnd) : '';
  const afterHost = schemeEnd > 0 ? url.slice(schemeEnd + 3) : url;
  const hostEnd = afterHost.search(/[/?#]/);
  if (hostEnd === -1 || afterHost[hostEnd] !== '/') return { path: '/', scheme };
  const rest = afterHost.slice(hostEnd);
  const end = rest.search(/[?#]/);
  return { path: end === -1 ? rest : rest.slice(0, end), scheme };
}

/** The span options without `url.full`, with `url.path` and `url.scheme` in its place. */
function withoutFullUrl(options: SpanOptions | undefined): SpanOptions | undefined {
  const full = options?.attributes?.[ATTR.urlFull];
  if (!options?.attributes || typeof full !== 'string') return options;
  const { [ATTR.urlFull]: _full, ...rest } = options.attributes;
  const { path, scheme } = pathAndScheme(full);
  const attributes: Attributes = { ...rest, [ATTR.urlPath]: path, [ATTR.urlScheme]: scheme };
  return { ...options, attributes };
}

/**
 * Exceptions on this span are recorded by their code alone (no message, no stack), and a
 * client's fault (a 4xx AppError, a refused op) does not mark the span failed: the middleware
 * sets ERROR for any thrown error, the conventions only for the server's own (5xx) faults.
 */
function codesOnly(span: Span): Span {
  if (!span.isRecording()) return span;
  const record = span.recordException.bind(span);
  const setStatus = span.setStatus.bind(span);
  let clientFault = false;
  span.recordException = (exception, time) => {
    const { type, serverFault } = failureOf(exception);
    clientFault = !serverFault;
    record({ name: type }, time);
  };
  span.setStatus = (status) => (clientFault && status.code === SpanStatusCode.ERROR ? span : setStatus(status));
  return span;
}

/** A tracer whose spans never carry the request's full URL or an exception's message. */
class SafeHttpTracer implements Tracer {
  constructor(private readonly inner: Tracer) {}

  startSpan(name: string, options?: SpanOptions, parent?: Context): Span {
    return codesOnly(this.inner.startSpan(name, withoutFullUrl(options), parent));
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, parent: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length > 1 ? (rest[0] as SpanOptions) : undefined;
    const parent = rest.length > 2 ? (rest[1] as Context) : context.active();
    const span = this.startSpan(name, options, parent);
    return context.with(trace.setSpan(parent, span), () => fn(span) as ReturnType<F>);
  }
}
