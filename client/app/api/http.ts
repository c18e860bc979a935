import { authHeaders } from '../auth/index.ts';

/**
 * A failed API call, carrying the server's stable error code when it sent one
 * (`{"error":{"code","message"}}`, see CONTRACT.md) so views can word the problem for people.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    message: string,
    /** HTTP status, or 0 when the request never got an answer. */
    readonly status: number,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** GET a JSON document from the API with the caller's token. Throws {@link ApiError}. */
export async function getJSON(path: string, signal?: AbortSignal): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { Accept: 'application/json', ...(await authHeaders()) },
      signal: signal ?? null,
    });
  } catch (cause: unknown) {
    if (signal?.aborted) throw cause;
    throw new ApiError('Could not reach the server. Check your connection and try again.', 0, 'network', { cause });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorFromBody(response.status, body);
  return body;
}

function errorFromBody(status: number, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body['error']) ? body['error'] : undefined;
  const code = typeof error?.['code'] === 'string' ? error['code'] : `http_${status}`;
  const message = typeof error?.['message'] === 'string' ? error['message'] : defaultMessage(status);
  return new ApiError(message, status, code);
}

function defaultMessage(status: number): string {
  if (status === 401) return 'You need to sign in to see this.';
  if (status === 403) return 'You do not have access to this.';
  if (status === 404) return 'Not found.';
  if (status >= 500) return 'The server had a problem. Try again in a moment.';
  return `The server answered with status ${status}.`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
