import type { ArtifactJSON, Op } from '#shared';
import type { ArtifactDiff } from '#shared/diff';
import { artifactJsonSchema, artifactListSchema, createdArtifactSchema, opsResultSchema } from '#shared/api';
import { artifactPath, parseAnswer } from './api-paths.ts';
import { newIdempotencyKey } from './idempotency-key.ts';
import { getLineage, postRemix, type Lineage, type RemixBody, type Remixed } from './remix.ts';
import { getConfig, getDirectory, getMe, getSharing, getSummary, putSharing, type Directory, type Me, type PublicConfig, type Sharing, type SharingInput } from './identity.ts';
import type { StreamOptions } from './op-stream.ts';
import { TextStream, type TextStreamOptions } from './text-stream.ts';
import { STREAM_RETRY, type RetryOptions } from './retry.ts';
import { TimelineStream } from './timeline-stream.ts';
import { Transport, type FetchLike, type TokenProvider } from './transport.ts';
import type { ArtifactSummary, CallOptions, CreateArtifactInput, CreatedArtifact, ListOptions, OpsResult, WriteOptions } from './types.ts';
import {
  getDiff,
  getSettings,
  getVersion,
  getVersionHtml,
  getVersionLink,
  listVersions,
  publishVersion,
  putSettings,
  restoreVersion,
  type ArtifactSettings,
  type DiffSide,
  type PublishedVersion,
  type RestoredVersion,
  type PublishInput,
  type VersionInfo,
  type VersionLink,
} from './versions.ts';

export interface ArtifactsClientOptions {
  /** Server origin, e.g. `http://127.0.0.1:8080`; `''` means same origin (browsers). */
  baseUrl: string;
  /**
   * Sent as `Authorization: Bearer <token>`. Pass a function to hand out fresh tokens; it is
   * called before every attempt, and with `{ renew: true }` once after a 401. A plain string
   * cannot be renewed, so its expiry is final. Never put a token in `baseUrl`.
   */
  token?: TokenProvider;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** Per attempt, answer included; a request that takes longer is abandoned and retried. Default 30 s. */
  timeoutMs?: number;
  /** Defaults (and progress hooks) under every call's and stream's own `retry`. */
  retry?: RetryOptions;
}

/**
 * Typed access to the Live Artifacts HTTP API (described by its OpenAPI document, GET
 * /api/openapi.json); every answer is parsed with the API's schema (shared/api). Every
 * method rejects with an {@link ArtifactsError}, except that a call whose `signal` was aborted
 * rejects with the abort reason, as `fetch` does.
 *
 * Retries: reads, PUTs and the keyed writes (`ops`, `publish`, `restore`) are retried after failures that
 * may pass (no answer, timeout, 429 and 503 honouring `Retry-After`, 502, 504, and 409
 * `idempotency_key_in_progress`), with capped exponential backoff and jitter; a token function
 * is asked once for a renewed token after a 401. Keyed writes carry one `Idempotency-Key` on
 * every attempt, so the server applies a retried batch once. Other writes (create, delete)
 * are sent once unless the call passes `retry`. Streams retry until an error is final.
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
    const body = await this.transport.request({ method: 'POST', path: '/api/artifacts', body: input, signal: options.signal, retry: options.retry });
    return parseAnswer(createdArtifactSchema, body, 'create');
  }

  /** The artifacts the caller may see, newest first; `q` searches titles, `kind` filters. */
  async list(options: ListOptions = {}): Promise<ArtifactSummary[]> {
    const query = new URLSearchParams();
    if (options.q) query.set('q', options.q);
    if (options.kind) query.set('kind', options.kind);
    const search = query.toString();
    const path = search ? `/api/artifacts?${search}` : '/api/artifacts';
    const body = await this.transport.request({ method: 'GET', path, signal: options.signal, retry: options.retry });
    return parseAnswer(artifactListSchema, body, 'list').artifacts;
  }

  /** The live state of an artifact as JSON. */
  async get(id: string, options: CallOptions = {}): Promise<ArtifactJSON> {
    const body = await this.transport.request({ method: 'GET', path: artifactPath(id), signal: options.signal, retry: options.retry });
    return parseAnswer(artifactJsonSchema, body, 'get');
  }

  /**
   * Applies a batch of ops atomically. Resolves once the batch is durably committed; on a
   * rejected batch (`error.opIndex` says which op) nothing was applied. Retried with one
   * idempotency key: see the class comment.
   */
  async ops(id: string, ops: Op[], options: WriteOptions = {}): Promise<OpsResult> {
    const idempotencyKey = options.idempotencyKey ?? newIdempotencyKey();
    const body = await this.transport.request({ method: 'POST', path: `${artifactPath(id)}/ops`, body: { ops }, signal: options.signal, retry: options.retry, idempotencyKey });
    return parseAnswer(opsResultSchema, body, 'ops');
  }

  /** Deletes an artifact (owner or admin). Not retried. */
  async delete(id: string, options: CallOptions = {}): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: artifactPath(id), signal: options.signal, retry: options.retry });
  }

  /** Freezes the live state as a new immutable version (413 `snapshot_too_large` past 16 MiB). Retried with one idempotency key. */
  publish(id: string, input: PublishInput = {}, options: WriteOptions = {}): Promise<PublishedVersion> {
    return publishVersion(this.transport, id, input, options);
  }

  /** The artifact's versions, newest first. */
  versions(id: string, options: CallOptions = {}): Promise<VersionInfo[]> {
    return listVersions(this.transport, id, options);
  }

  /** The frozen JSON of version `n`. */
  version(id: string, n: number, options: CallOptions = {}): Promise<ArtifactJSON> {
    return getVersion(this.transport, id, n, options);
  }

  /** A short-lived signed URL of version `n`'s frozen HTML on the user-content origin. */
  versionLink(id: string, n: number, options: CallOptions = {}): Promise<VersionLink> {
    return getVersionLink(this.transport, id, n, options);
  }

  /** Version `n`'s self-contained HTML file as a string. */
  versionHtml(id: string, n: number, options: CallOptions = {}): Promise<string> {
    return getVersionHtml(this.transport, id, n, options);
  }

  /** Makes the live document equal version `n` (viewers see it); records a new version `m`. Retried with one idempotency key. */
  restore(id: string, n: number, options: WriteOptions = {}): Promise<RestoredVersion> {
    return restoreVersion(this.transport, id, n, options);
  }

  /** The section-level diff between two versions, or a version and `'live'`. */
  diff(id: string, from: DiffSide, to: DiffSide, options: CallOptions = {}): Promise<ArtifactDiff> {
    return getDiff(this.transport, id, from, to, options);
  }

  /** What viewers of the artifact see: the live document or a pinned version. */
  settings(id: string, options: CallOptions = {}): Promise<ArtifactSettings> {
    return getSettings(this.transport, id, options);
  }

  updateSettings(id: string, settings: ArtifactSettings, options: CallOptions = {}): Promise<ArtifactSettings> {
    return putSettings(this.transport, id, settings, options);
  }

  /** The public settings a client needs before it signs in (the IdP); needs no token. */
  config(options: CallOptions = {}): Promise<PublicConfig> {
    return getConfig(this.transport, options);
  }

  /** The caller as the server sees them: user id, name, org, roles, groups. */
  me(options: CallOptions = {}): Promise<Me> {
    return getMe(this.transport, options);
  }

  /** People and groups of the caller's org (the only ones an artifact can be shared with); `q` narrows by name. */
  directory(q?: string, options: CallOptions = {}): Promise<Directory> {
    return getDirectory(this.transport, q, options);
  }

  /** One artifact's row (owner, org, visibility, what viewers see) without its document. */
  summary(id: string, options: CallOptions = {}): Promise<ArtifactSummary> {
    return getSummary(this.transport, id, options);
  }

  /** Who the artifact is shared with (owner only). */
  sharing(id: string, options: CallOptions = {}): Promise<Sharing> {
    return getSharing(this.transport, id, options);
  }

  /**
   * Makes the artifact private, shared with the owner's whole org, or restricted to people
   * (user ids) and groups of that org (owner only). Never public, never across orgs. Those who
   * lose access are disconnected at once. Retried: setting the same sharing twice is harmless.
   */
  setSharing(id: string, sharing: SharingInput, options: CallOptions = {}): Promise<Sharing> {
    return putSharing(this.transport, id, sharing, options);
  }

  /** Copies the live document (or `version`) into a new artifact private to the caller, in the same org. */
  remix(id: string, input: RemixBody = {}, options: CallOptions = {}): Promise<Remixed> {
    return postRemix(this.transport, id, input, options);
  }

  /** Where the artifact was remixed from, and its remixes the caller may read. */
  lineage(id: string, options: CallOptions = {}): Promise<Lineage> {
    return getLineage(this.transport, id, options);
  }

  /**
   * Opens a stream that appends text to a markdown, callout or code section, coalescing writes into
   * few `text.append` ops. The section must exist; call `close()` when done.
   */
  streamText(id: string, sectionId: string, options: TextStreamOptions = {}): TextStream {
    return this.track((onClosed) => new TextStream(sectionId, this.streamSend(id, options), { ...options, onClosed }));
  }

  /** Opens a stream of `timeline.append` ops into a timeline section; call `close()` when done. */
  streamTimeline(id: string, sectionId: string, options: StreamOptions = {}): TimelineStream {
    return this.track((onClosed) => new TimelineStream(sectionId, this.streamSend(id, options), { ...options, onClosed }));
  }

  /** A stream's batches: keyed by the stream, retried until applied or final. */
  private streamSend(id: string, options: StreamOptions): (ops: Op[], idempotencyKey: string) => Promise<unknown> {
    const retry = { ...STREAM_RETRY, ...options.retry };
    return (ops, idempotencyKey) => this.ops(id, ops, { idempotencyKey, retry, ...(options.signal ? { signal: options.signal } : {}) });
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
