import type { ArtifactJSON, Op } from '#shared';
import { ArtifactsError, isRecord } from './artifacts-error.ts';
import type { StreamOptions } from './op-stream.ts';
import { TextStream, type TextStreamOptions } from './text-stream.ts';
import { TimelineStream } from './timeline-stream.ts';
import { Transport, type FetchLike, type TokenProvider } from './transport.ts';
import type { ArtifactSummary, CallOptions, CreateArtifactInput, CreatedArtifact, OpsResult } from './types.ts';

export interface ArtifactsClientOptions {
  /** Server origin, e.g. `http://127.0.0.1:8080`; `''` means same origin (browsers). */
  baseUrl: string;
  /**
   * Sent as `Authorization: Bearer <token>`. Pass a function to hand out fresh tokens; it is
   * called before every request. Never put a token in `baseUrl`.
   */
  token?: TokenProvider;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
}

/**
 * Typed access to the Live Artifacts HTTP API (CONTRACT.md "Artifacts" and "Ops"). Every
 * method rejects with an {@link ArtifactsError}, except that a call whose `signal` was aborted
 * rejects with the abort reason, as `fetch` does.
 *
 * Retries: a read (`list`, `get`) that gets no answer is retried once. Writes are never
 * retried: an op batch that got no answer may have been applied, and some ops (`text.append`,
 * `timeline.append`) would apply twice. On `network_error` from a write, read the artifact
 * before deciding whether to resend.
 */
export class ArtifactsClient {
  private readonly transport: Transport;
  /** Open streams, so `close()` can wait for them. */
  private readonly streams = new Set<{ close(): Promise<void> }>();

  constructor(options: ArtifactsClientOptions) {
    this.transport = new Transport(options);
  }

  /** Creates an artifact, private to the caller. */
  async create(input: CreateArtifactInput, options: CallOptions = {}): Promise<CreatedArtifact> {
    const body = await this.transport.request({ method: 'POST', path: '/api/artifacts', body: input, signal: options.signal });
    if (!isRecord(body) || typeof body['id'] !== 'string' || typeof body['url'] !== 'string') throw badResponse('create');
    return { id: body['id'], url: body['url'] };
  }

  /** The artifacts the caller may see. */
  async list(options: CallOptions = {}): Promise<ArtifactSummary[]> {
    const body = await this.transport.request({ method: 'GET', path: '/api/artifacts', signal: options.signal });
    if (!isRecord(body) || !Array.isArray(body['artifacts'])) throw badResponse('list');
    return body['artifacts'] as ArtifactSummary[];
  }

  /** The live state of an artifact as JSON. */
  async get(id: string, options: CallOptions = {}): Promise<ArtifactJSON> {
    const body = await this.transport.request({ method: 'GET', path: artifactPath(id), signal: options.signal });
    if (!isRecord(body) || !isRecord(body['meta']) || !Array.isArray(body['sections'])) throw badResponse('get');
    return body as unknown as ArtifactJSON;
  }

  /**
   * Applies a batch of ops atomically. Resolves once the batch is durably committed; on a
   * rejected batch (`error.opIndex` says which op) nothing was applied. Not retried: see the
   * class comment.
   */
  async ops(id: string, ops: Op[], options: CallOptions = {}): Promise<OpsResult> {
    const body = await this.transport.request({ method: 'POST', path: `${artifactPath(id)}/ops`, body: { ops }, signal: options.signal });
    if (!isRecord(body) || typeof body['applied'] !== 'number') throw badResponse('ops');
    return { applied: body['applied'] };
  }

  /** Deletes an artifact (owner or admin). Not retried. */
  async delete(id: string, options: CallOptions = {}): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: artifactPath(id), signal: options.signal });
  }

  /**
   * Opens a stream that appends text to a markdown or callout section, coalescing writes into
   * few `text.append` ops. The section must exist; call `close()` when done.
   */
  streamText(id: string, sectionId: string, options: TextStreamOptions = {}): TextStream {
    return this.track((onClosed) => new TextStream(sectionId, (ops) => this.ops(id, ops), { ...options, onClosed }));
  }

  /** Opens a stream of `timeline.append` ops into a timeline section; call `close()` when done. */
  streamTimeline(id: string, sectionId: string, options: StreamOptions = {}): TimelineStream {
    return this.track((onClosed) => new TimelineStream(sectionId, (ops) => this.ops(id, ops), { ...options, onClosed }));
  }

  /**
   * Closes every open stream and waits until their buffers are applied. Rejects with the first
   * stream error, after all streams settled. The client stays usable.
   */
  async close(): Promise<void> {
    const results = await Promise.allSettled([...this.streams].map((stream) => stream.close()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private track<S extends { close(): Promise<void> }>(open: (onClosed: () => void) => S): S {
    const stream: S = open(() => this.streams.delete(stream));
    this.streams.add(stream);
    return stream;
  }
}

/** Ids are validated by the server; encoding keeps a bad one from escaping its path segment. */
function artifactPath(id: string): string {
  return `/api/artifacts/${encodeURIComponent(id)}`;
}

function badResponse(call: string): ArtifactsError {
  return new ArtifactsError(`the server sent an unexpected answer to ${call}`, 200, 'bad_response');
}
