import type { ErrorCode } from '../api/errors.ts';

/**
 * How a tool reaches the HTTP API: one request, answered with the JSON body or rejected with an
 * {@link ApiCallError}. Over HTTP the server dispatches it in process with the caller already
 * verified; over stdio the CLI sends it with its own credentials. Either way the API decides
 * what the caller may do, so a tool can do no more than the same token could over HTTP.
 */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Starts with `/api/`; ids already encoded. */
  path: string;
  body?: unknown;
  /** Sent as `Idempotency-Key`: a retried write is applied once. */
  idempotencyKey?: string;
}

export type ApiRequester = (request: ApiRequest) => Promise<unknown>;

/**
 * A refused or failed API call, as tools report it: the stable `code` of the API's error body
 * (or a transport's own code, e.g. `network_error`), the HTTP status (0 = no answer) and the
 * body's other safe fields (`opIndex`, `path`, `field`, ...).
 */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode | (string & {}),
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
