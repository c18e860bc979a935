/**
 * The typed SDK for the Live Artifacts HTTP API. Uses only `fetch` and timers, so it runs in
 * Node 22.12+ and in browsers alike.
 */
export { ArtifactsClient, type ArtifactsClientOptions } from './artifacts-client.ts';
export { ArtifactsError, errorFromResponse, type ArtifactsErrorCode, type ClientErrorCode } from './artifacts-error.ts';
export { OpStream, DEFAULT_STREAM_INTERVAL_MS, type StreamOptions } from './op-stream.ts';
export { TextStream, DEFAULT_MAX_BATCH_CHARS, type TextStreamOptions } from './text-stream.ts';
export { TimelineStream, MAX_EVENTS_PER_BATCH, type TimelineEventDraft } from './timeline-stream.ts';
export { DEFAULT_TIMEOUT_MS, Transport, type FetchLike, type RequestSpec, type TokenProvider, type TokenRequest, type TransportOptions } from './transport.ts';
export { DEFAULT_RETRY, isRetryable, type RecoveredEvent, type RetryEvent, type RetryOptions } from './retry.ts';
export { newIdempotencyKey } from './idempotency-key.ts';
export type { ArtifactJSON, ArtifactSummary, CallOptions, CreateArtifactInput, CreatedArtifact, ListOptions, OpsResult, WriteOptions } from './types.ts';
export type { ArtifactSettings, DiffSide, PublishedVersion, PublishInput, RestoredVersion, VersionInfo, VersionLink, ViewSetting } from './versions.ts';
export type { Directory, Me, PublicConfig, Sharing, SharingInput } from './identity.ts';
export type { Lineage, RemixBody, Remixed } from './remix.ts';
export type { ArtifactDiff } from '#shared/diff';
export type { Op, Section } from '#shared';
