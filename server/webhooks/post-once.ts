import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedTarget } from './url-guard.ts';

/** Bytes of a receiver's answer read (and thrown away) before the connection is closed. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface PostResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  retryAfter?: string;
}

export interface PostOptions {
  timeoutMs: number;
  /** Extra trusted CA certificates (WEBHOOK_CA_FILE) besides the system's. */
  ca: readonly string[] | undefined;
}

/**
 * One POST to `url`, connecting to the checked address `target` whatever DNS says by then (no
 * second lookup an attacker could answer differently) while TLS still verifies the URL's host
 * name. Never throws: every failure is a result with `statusCode` null and a short error.
 * Redirects are not followed; the answer's body is read up to MAX_RESPONSE_BYTES and dropped.
 */
export function postOnce(url: URL, target: ResolvedTarget, body: string, headers: Record<string, string>, options: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const pinned: LookupFunction = (_host, lookupOptions, callback) => {
    if (lookupOptions.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        agent: false,
        ...(options.ca ? { ca: [...options.ca] } : {}),
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.byteLength;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () => {
          const retryAfter = res.headers['retry-after'];
          finish({ statusCode: res.statusCode ?? null, error: null, ...(typeof retryAfter === 'string' ? { retryAfter } : {}) });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: `no answer within ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => finish({ statusCode: null, error: describe(error) }));
    req.end(body);
  });
}

/** A short, safe description: the error code and message, never headers or bodies. */
function describe(error: NodeJS.ErrnoException): string {
  const text = `${error.code ? `${error.code}: ` : ''}${error.message}`;
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
