import { errorBodySchema, type ErrorCode } from '#shared/api';

/**
 * The codes the SDK adds to the server's (`ERROR_CODES` of shared/api):
 * - `network_error`: no answer at all (`status` 0, `cause` is what fetch threw);
 * - `timeout`: no answer within the client's `timeoutMs` (`status` 0); the request may have been applied;
 * - `token_error`: the token provider threw (`status` 0, `cause` is its error);
 * - `bad_response`: an answer that does not parse with the API's schema for it (the message names the field);
 * - `http_<status>`: an error status without the API's error body (e.g. from a proxy), or with a code this SDK does not know;
 * - `stream_closed`: a write after `close()` on a stream.
 */
export type ClientErrorCode = 'network_error' | 'timeout' | 'token_error' | 'bad_response' | 'stream_closed' | `http_${number}`;
export type ArtifactsErrorCode = ErrorCode | ClientErrorCode;

/** A failed SDK call. `code` is the server's stable `error.code` when it sent one, else one of {@link ClientErrorCode}. */
export class ArtifactsError extends Error {
  override readonly name = 'ArtifactsError';

  /** For a rejected op batch: the index of the first offending op. None of the batch was applied. */
  readonly opIndex?: number;

  /** The wait the server asked for with `Retry-After` (429, 503), in milliseconds. */
  readonly retryAfterMs?: number;

  constructor(
    message: string,
    /** HTTP status, or 0 when the request never got an answer. */
    readonly status: number,
    readonly code: ArtifactsErrorCode,
    /** Every extra field of the error body besides `code` and `message` (e.g. `path`, `field`). */
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown; retryAfterMs?: number | undefined },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    const opIndex = details['opIndex'];
    if (typeof opIndex === 'number') this.opIndex = opIndex;
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** Builds the error for a non-2xx answer from its (possibly absent, foreign or non-JSON) body. */
export function errorFromResponse(status: number, body: unknown, retryAfterMs?: number): ArtifactsError {
  const options = { retryAfterMs };
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, ...details } = parsed.data.error;
    return new ArtifactsError(message, status, code, details, options);
  }
  // Not the API's error body: keep what reads as one (a sentence, extra fields), but not its code.
  const error: Record<string, unknown> = isRecord(body) && isRecord(body['error']) ? body['error'] : {};
  const { code: _code, message, ...details } = error;
  return new ArtifactsError(typeof message === 'string' ? message : `the server answered with HTTP ${status}`, status, `http_${status}`, details, options);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
