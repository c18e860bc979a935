import { ArtifactsError, errorFromResponse } from './artifacts-error.ts';

/**
 * A bearer token, or a function that returns a fresh one. The function is called before every
 * request, so it can refresh an expiring token (OIDC) without the SDK knowing how.
 */
export type TokenProvider = string | (() => string | Promise<string>);

/** The part of `fetch` the SDK uses; pass a wrapper to add logging, proxies or test counters. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  /** Server origin, e.g. `http://127.0.0.1:8080`; `''` means same origin (browsers). */
  baseUrl: string;
  token?: TokenProvider | undefined;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike | undefined;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Starts with `/api/`; ids already encoded. */
  path: string;
  /** Sent as JSON when present. */
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** `text` resolves with the body as a string (e.g. a version's HTML) instead of parsed JSON. */
  responseType?: 'json' | 'text';
}

/** Pause before the one retry of a GET that got no answer; long enough for a blip to pass. */
const GET_RETRY_DELAY_MS = 250;

/**
 * Sends one JSON request and turns every failure into an {@link ArtifactsError}. The token is
 * resolved here and only here, and only ever travels in the Authorization header.
 */
export class Transport {
  private readonly baseUrl: string;
  private readonly token: TokenProvider | undefined;
  private readonly fetchFn: FetchLike;

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    // Wrapped so the global fetch is never called with a foreign `this` (browsers reject that).
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /**
   * Resolves with the parsed JSON body, or `undefined` for an empty answer (204).
   * A GET that gets no answer is retried once: it changes nothing, so a repeat is safe. Writes
   * are never retried here, because the first attempt may have been applied.
   */
  async request(spec: RequestSpec): Promise<unknown> {
    const init = await this.init(spec);
    let response: Response;
    try {
      response = await this.send(spec, init);
    } catch (cause: unknown) {
      if (spec.method !== 'GET' || spec.signal?.aborted) throw cause;
      await delay(GET_RETRY_DELAY_MS);
      response = await this.send(spec, init);
    }
    return readBody(response, spec.responseType ?? 'json');
  }

  private async init(spec: RequestSpec): Promise<RequestInit> {
    const headers: Record<string, string> = { Accept: spec.responseType === 'text' ? '*/*' : 'application/json' };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    const token = await this.resolveToken();
    if (token) headers['Authorization'] = `Bearer ${token}`;
    const init: RequestInit = { method: spec.method, headers };
    if (spec.body !== undefined) init.body = JSON.stringify(spec.body);
    if (spec.signal) init.signal = spec.signal;
    return init;
  }

  private async resolveToken(): Promise<string | undefined> {
    if (typeof this.token !== 'function') return this.token;
    try {
      return await this.token();
    } catch (cause: unknown) {
      throw new ArtifactsError('could not get an access token', 0, 'token_error', {}, { cause });
    }
  }

  /** One attempt; a failure without an answer becomes `network_error` (aborts stay aborts). */
  private async send(spec: RequestSpec, init: RequestInit): Promise<Response> {
    const url = this.baseUrl + spec.path;
    try {
      return await this.fetchFn(url, init);
    } catch (cause: unknown) {
      if (spec.signal?.aborted) throw cause;
      throw new ArtifactsError(`could not reach ${this.baseUrl || 'the server'}: ${describe(cause)}`, 0, 'network_error', {}, { cause });
    }
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
  if (!response.ok) throw errorFromResponse(response.status, body);
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

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
