import type { TemplateName } from '#shared/templates';
import type { z } from 'zod';
import type { ArtifactJSON } from '#shared';
import type { createdArtifactSchema, opsResultSchema } from '#shared/api';
import type { RetryOptions } from './retry.ts';

export type { ArtifactSummary } from '#shared/api';

export interface CreateArtifactInput {
  title: string;
  /** Free-form label such as `incident` or `report`; the server defaults it to the template's kind, else `document`. */
  kind?: string;
  /** Start from a skeleton: `incident`, `pr`, `release`, `dashboard`, `explainer` or `session`. */
  template?: TemplateName;
}

/** The new artifact's id and its live view for people, e.g. `http://127.0.0.1:8080/a/<id>`. */
export type CreatedArtifact = z.infer<typeof createdArtifactSchema>;

/** Ops applied; always the whole batch, since a batch applies fully or not at all. */
export type OpsResult = z.infer<typeof opsResultSchema>;

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
  /**
   * Retries after a failure that may pass (no answer, timeout, 429, 502–504, a duplicate still
   * being committed), layered over the client's `retry`. `false` sends once. Default: reads,
   * PUTs and keyed writes (`ops`, `publish`, `restore`) retry; other writes are sent once, since one that
   * got no answer may have been applied.
   */
  retry?: boolean | RetryOptions;
}

/** Options of the writes the server deduplicates (`ops`, `publish`, `restore`). */
export interface WriteOptions extends CallOptions {
  /**
   * Sent as `Idempotency-Key` on every attempt (visible ASCII, at most 255 characters); the
   * server answers a repeat with the first outcome and applies nothing twice. Default: a fresh
   * random key per call. Pass your own to resend a call later without applying it twice.
   */
  idempotencyKey?: string;
}

/** Options of `list`: both filters are applied by the server. */
export interface ListOptions extends CallOptions {
  /** Matches titles (case-insensitive substring). */
  q?: string;
  /** Only artifacts of this kind, e.g. `incident`. */
  kind?: string;
}

export type { ArtifactJSON };
