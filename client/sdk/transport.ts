import { ArtifactsError, errorFromResponse } from './artifacts-error.ts';
import { isRetryable, NO_RETRY, parseRetryAfter, resolveRetry, retryDelayMs, sleep, type ResolvedRetry, type RetryOptions } from './retry.ts';

/** What the SDK tells a token function about the request it needs a token for. */
export interface TokenRequest {
  /**
   * True after the server refused the previous token with 401: return a renewed token, or the
   * same one if it cannot be renewed (the 401 is then final).
   */
  renew: boolean;
}

/**
 * A bearer token, or a function that returns a fresh one. The function is called before every
 * attempt, so it can refresh an expiring token (OIDC) without the SDK knowing how, and once more
 * with `renew: true` when the server answers 401. A function may throw an {@link ArtifactsError}
 * of its own (e.g. `network_error` when the IdP is unreachable) to have it retried like a failed
 * request; anything else it throws becomes a final `token_error`.
 */
export type TokenProvider = string | ((request: TokenRequest) => string | Promise<string>);

/** The part of `fetch` the SDK uses; pass a wrapper to add logging, proxies or test counters. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  /** Server origin, e.g. `http://127.0.0.1:8080`; `''` means same origin (browsers). */
  baseUrl: string;
  token?: TokenProvider | undefined;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike | undefined;
  /** Per attempt, answer body included. Default 30 s: a hung server becomes a retry instead of a hang. */
  timeoutMs?: number | undefined;
  /** Defaults under every call's own `retry`, hooks included. */
  retry?: RetryOptions | undefined;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Starts with `/api/`; ids already encoded. */
  path: string;
  /** Sent as JSON when present. */
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** `text` resolves with the body as a string (e.g. a version's HTML) instead of parsed JSON. */
  responseType?: 'json' | 'text';
  /** Sent as `Idempotency-Key` on every attempt, so the server applies a retried write only once. */
  idempotencyKey?: string | undefined;
  /**
   * `false` sends once; `true` or options retry. Unset: reads, PUTs and keyed writes retry,
   * other writes are sent once, since one that got no answer may have been applied.
   */
  retry?: boolean | RetryOptions | undefined;
}

/** What a header can carry: visible ASCII (an empty token means none). */
const HEADER_SAFE = /^[\x21-\x7e]*$/;

/**
 * Sends one JSON request and turns every failure into an {@link ArtifactsError}. The token is
 * resolved here and only here, and only ever travels in the Authorization header. Failures
 * that may pass (see `isRetryable`) are retried per `spec.retry` with the same body and key; a
 * 401 with a token function is retried once, at once, with a renewed token.
 */
export class Transport {
  private readonly baseUrl: string;
  private readonly token: TokenProvider | undefined;
  private readonly fetchFn: FetchLike;
  private readonly timeoutMs: number;
  private readonly retry: RetryOptions | undefined;

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    // Wrapped so the global fetch is never called with a foreign `this` (browsers reject that).
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = options.retry;
  }

  /** Resolves with the parsed JSON body, or `undefined` for an empty answer (204). */
  async request(spec: RequestSpec): Promise<unknown> {
    const retry = this.retryFor(spec);
    const startedMs = Date.now();
    let rejected: { token: string | undefined; error: ArtifactsError } | undefined;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      let token: string | undefined;
      try {
        token = await this.resolveToken(rejected !== undefined);
        // The function could not renew: the server's 401 stands.
        if (rejected && token === rejected.token) throw rejected.error;
        rejected = undefined;
        const body = await this.attempt(spec, token);
        if (attempt > 1) retry.onRecovered?.({ attempts: attempt, elapsedMs: Date.now() - startedMs });
        return body;
      } catch (error: unknown) {
        if (spec.signal?.aborted) throw error;
        if (error instanceof ArtifactsError && error.status === 401 && typeof this.token === 'function' && !renewed) {
          renewed = true;
          rejected = { token, error };
          attempt -= 1; // a renewal is not a retry
          continue;
        }
        if (attempt >= retry.maxAttempts || !isRetryable(error)) throw error;
        const delayMs = retryDelayMs(error, attempt, retry);
        retry.onRetry?.({ error, attempt, delayMs, elapsedMs: Date.now() - startedMs });
        await sleep(delayMs, spec.signal);
      }
    }
  }

  private retryFor(spec: RequestSpec): ResolvedRetry {
    const safe = spec.method === 'GET' || spec.method === 'PUT' || spec.idempotencyKey !== undefined;
    if (spec.retry === false || (spec.retry === undefined && !safe)) return resolveRetry(this.retry, NO_RETRY);
    return resolveRetry(this.retry, spec.retry === true ? undefined : spec.retry);
  }

  private async resolveToken(renew: boolean): Promise<string | undefined> {
    let token: string | undefined;
    try {
      token = typeof this.token === 'function' ? await this.token({ renew }) : this.token;
    } catch (cause: unknown) {
      if (cause instanceof ArtifactsError) throw cause;
      throw new ArtifactsError('could not get an access token', 0, 'token_error', {}, { cause });
    }
    if (token === undefined) return undefined;
    // fetch would throw a TypeError that looks like a network failure and be retried forever.
    if (!HEADER_SAFE.test(token)) throw new ArtifactsError('the access token contains characters a header cannot carry', 0, 'token_error');
    return token;
  }

  /** One attempt under its own timeout; a failure without an answer becomes `network_error` or `timeout` (aborts stay aborts). */
  private async attempt(spec: RequestSpec, token: string | undefined): Promise<unknown> {
    // An 'abort' listener added after the fact never fires.
    if (spec.signal?.aborted) throw spec.signal.reason;
    const controller = new AbortController();
    const onAbort = () => controller.abort(spec.signal?.reason);
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    try {
      const response = await this.fetchFn(this.baseUrl + spec.path, this.init(spec, token, controller.signal));
      return await readBody(response, spec.responseType ?? 'json');
    } catch (cause: unknown) {
      if (spec.signal?.aborted) throw cause;
      if (timedOut) throw new ArtifactsError(`no answer from ${this.baseUrl || 'the server'} within ${this.timeoutMs / 1000} s`, 0, 'timeout', {}, { cause });
      if (cause instanceof ArtifactsError) throw cause;
      throw new ArtifactsError(`could not reach ${this.baseUrl || 'the server'}: ${describe(cause)}`, 0, 'network_error', {}, { cause });
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
    }
  }

  private init(spec: RequestSpec, token: string | undefined, signal: AbortSignal): RequestInit {
    const headers: Record<string, string> = { Accept: spec.responseType === 'text' ? '*/*' : 'application/json' };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers['Authorization'] = `Bearer ${token}`;
    if (spec.idempotencyKey !== undefined) headers['Idempotency-Key'] = spec.idempotencyKey;
    const init: RequestInit = { method: spec.method, headers, signal };
    if (spec.body !== undefined) init.body = JSON.stringify(spec.body);
    return init;
  }
}

async function readBody(response: Response, responseType: 'json' | 'text'): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (cause: unknown) {
    throw new ArtifactsError('the connection broke while reading the answer', 0, 'network_error', {}, { cause });
  }
  if (response.ok && responseType === 'text') return text;
  let body: unknown;
  let parsed = text === '';
  if (!parsed) {
    try {
      body = JSON.parse(text);
      parsed = true;
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) throw errorFromResponse(response.status, body, parseRetryAfter(response.headers.get('retry-after'), Date.now()));
  if (!parsed) throw new ArtifactsError(`the server answered HTTP ${response.status} with a body that is not JSON`, response.status, 'bad_response');
  return body;
}

/** fetch says only "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND) is in its cause. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error.cause;
  const code = typeof inner === 'object' && inner !== null && 'code' in inner ? String(inner.code) : undefined;
  return code ? `${error.message} (${code})` : error.message;
}
