import { context, ROOT_CONTEXT, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { OpError } from '#shared';
import { AppError } from '../errors.ts';
import { ATTR } from './attributes.ts';

/** Instrumentation scope of everything the server itself traces and measures. */
export const SCOPE = 'live-artifacts';

/**
 * The server's tracer. Taken at import time: the API hands out a proxy that starts delegating
 * once main.ts has registered the SDK, and stays the no-op tracer when it never does.
 */
export const tracer = trace.getTracer(SCOPE);

/** What a failure says about itself in telemetry: its stable code, never its message. */
export function failureOf(error: unknown): { type: string; serverFault: boolean } {
  if (error instanceof AppError) return { type: error.code, serverFault: error.status >= 500 };
  if (error instanceof OpError) return { type: error.code, serverFault: false };
  return { type: error instanceof Error ? error.name : 'unknown', serverFault: true };
}

/**
 * Marks a span as failed by `error`: `error.type` and the outcome carry its code; the status is
 * ERROR only for the server's own faults (a refused request is an answer, not a failure).
 * The message and stack stay out: they may quote what a client sent.
 */
export function markFailed(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const { type, serverFault } = failureOf(error);
  span.setAttribute(ATTR.errorType, type);
  span.setAttribute(ATTR.outcome, type);
  if (serverFault) span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * Runs `fn` in a span named `name` (the active span while it runs, so spans it starts are its
 * children) and ends it when `fn` returns or settles; a throw or rejection marks it failed.
 * `attributes` should be cheap (ids, counts at hand); anything computed belongs behind
 * `span.isRecording()` inside `fn`.
 */
export function withSpan<T>(name: string, attributes: Attributes | undefined, fn: (span: Span) => T): T {
  return tracer.startActiveSpan(name, attributes ? { attributes } : {}, (span) => {
    let result: T;
    try {
      result = fn(span);
    } catch (error) {
      markFailed(span, error);
      span.end();
      throw error;
    }
    if (!(result instanceof Promise)) {
      span.setAttribute(ATTR.outcome, 'ok');
      span.end();
      return result;
    }
    return result.then(
      (value: unknown) => {
        span.setAttribute(ATTR.outcome, 'ok');
        span.end();
        return value;
      },
      (error: unknown) => {
        markFailed(span, error);
        span.end();
        throw error;
      },
    ) as T;
  });
}

/**
 * Runs `fn` outside any active span: for work an operation sets off and does not wait for (a
 * compaction after a commit), whose span would otherwise outlive its parent.
 */
export function detached<T>(fn: () => T): T {
  return context.with(ROOT_CONTEXT, fn);
}
