/**
 * JSON shapes of the HTTP API that both the server (which answers) and the SDK and web app
 * (which ask) use. CONTRACT.md describes them for people.
 */

/** One row of `GET /api/artifacts`. */
export interface ArtifactSummary {
  id: string;
  title: string;
  kind: string;
  owner: string;
  visibility: string;
  /** ISO 8601. */
  updatedAt: string;
  /** Highest published version, or null when none was published yet. */
  latestVersion: number | null;
}

/** One row of `GET /api/artifacts/:id/versions` (newest first). */
export interface VersionInfo {
  version: number;
  /** Of the frozen HTML. */
  sha256: string;
  /** Who published (or restored) it. */
  author: string;
  /** ISO 8601. */
  createdAt: string;
  message: string | null;
  gitCommit: string | null;
  /** Size of the frozen HTML. */
  sizeBytes: number;
}

/** What viewers see: the live document, or a pinned version. */
export type ViewSetting = { mode: 'live' } | { mode: 'pinned'; version: number };
