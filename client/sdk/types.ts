import type { ArtifactJSON } from '#shared';

export type { ArtifactSummary } from '#shared/api';

export interface CreateArtifactInput {
  title: string;
  /** Free-form label such as `incident` or `report`; the server defaults it to `document`. */
  kind?: string;
}

export interface CreatedArtifact {
  id: string;
  /** The live view for people, e.g. `http://127.0.0.1:8080/a/<id>`. */
  url: string;
}

export interface OpsResult {
  /** Ops applied; always the whole batch, since a batch applies fully or not at all. */
  applied: number;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of `list`: both filters are applied by the server. */
export interface ListOptions extends CallOptions {
  /** Matches titles (case-insensitive substring). */
  q?: string;
  /** Only artifacts of this kind, e.g. `incident`. */
  kind?: string;
}

export type { ArtifactJSON };
