import type { ErrorCode } from '#shared/api';

/**
 * The one error type the server throws on purpose. `code` is stable and public (one of
 * `ERROR_CODES` in shared/api, which the OpenAPI document lists);
 * `message` is a human sentence; `details` are extra safe fields for the wire. Everything
 * else (cause, stack) stays in the logs.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** WebSocket close code for the same failure (4000 + HTTP status, Hocuspocus-style). */
  get closeCode(): number {
    return 4000 + this.status;
  }

  /** What Hocuspocus sends a socket client whose document was refused (it reads `reason`). */
  get reason(): ErrorCode {
    return this.code;
  }

  toJSON(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

/**
 * A verified token that is refused anyway (its user left the org, lacks a role the route needs):
 * unlike a token that fails verification, its org is trustworthy, so the refusal goes into that
 * org's audit trail as 'login-denied'. On the wire it is a plain 403.
 */
export class AccessDenied extends AppError {
  constructor(
    readonly principal: { userId: string; name: string; orgId: string },
    /** Stable, for the audit event: `not-a-member`, `role-missing`, ... */
    readonly denial: string,
    message: string,
  ) {
    super('forbidden', message, 403);
  }
}

export const badRequest = (code: ErrorCode, message: string, details?: Record<string, unknown>) => new AppError(code, message, 400, details);
export const unauthorized = (message = 'sign in first: this route needs a bearer token') => new AppError('unauthorized', message, 401);
export const forbidden = (message = 'you may not do this') => new AppError('forbidden', message, 403);
export const notFound = (what = 'artifact') => new AppError('not_found', `no such ${what}`, 404);
export const payloadTooLarge = (limitBytes: number) =>
  new AppError('body_too_large', `the request body is larger than ${limitBytes} bytes`, 413, { limitBytes });
/**
 * A client went over one of the server's socket limits (408 took too long, 413 sent or held
 * too much, 429 too many): sockets close with 4000 + status and the code as reason.
 */
export const limitExceeded = (code: ErrorCode, status: 408 | 413 | 429, message: string) => new AppError(code, message, status);
export const unavailable = (message: string, cause?: unknown) => new AppError('unavailable', message, 503, {}, { cause });

/** Readers of a pinned artifact see version `version`, never the live document (403; sockets 4403 with reason `pinned`). */
export const pinned = (version: number | null) =>
  new AppError('pinned', `viewers of this artifact see version ${version}, not the live document`, 403, { version });
