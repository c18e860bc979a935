/**
 * JSON shapes of the HTTP API that both the server (which answers) and the SDK and web app
 * (which ask) use. The OpenAPI document (`GET /api/openapi.json`) describes them for people.
 */

/** One row of `GET /api/artifacts`. */
export interface ArtifactSummary {
  id: string;
  title: string;
  kind: string;
  /** The owner's user id (the token's `sub`). */
  owner: string;
  /** The owner's display name as of their last sign-in ('' when unknown). */
  ownerName: string;
  /** The owner's organization; every reader belongs to it. */
  orgId: string;
  visibility: 'private' | 'org' | 'restricted';
  /** What viewers see: null = live, n = pinned to version n. */
  pinnedVersion: number | null;
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
  /** Who published (or restored) it: a user id. */
  author: string;
  /** Their name as of their last sign-in ('' when unknown). */
  authorName: string;
  /** ISO 8601. */
  createdAt: string;
  message: string | null;
  gitCommit: string | null;
  /** Size of the frozen HTML. */
  sizeBytes: number;
  /**
   * How it came to be: `published`, `before-restore` (the live state a restore replaced, frozen
   * first so nothing is lost) or `restored` (the result of a restore).
   */
  kind: VersionKind;
}

export type VersionKind = 'published' | 'before-restore' | 'restored';

/** What viewers see: the live document, or a pinned version. */
export type ViewSetting = { mode: 'live' } | { mode: 'pinned'; version: number };

/** `GET /api/config`: the public settings a client needs before it signs in. */
export interface PublicConfig {
  /** The IdP the web app signs in with (the embedded one or an external Keycloak realm). */
  oidc: { issuer: string; clientId: string };
  usercontentOrigin: string;
  collabPath: string;
}

/** `GET /api/me`: the caller as the server sees them (from the access token). */
export interface Me {
  userId: string;
  name: string;
  orgId: string;
  roles: ('artifact-author' | 'artifact-viewer' | 'org-admin' | 'auditor')[];
  groups: string[];
  /** The caller's org policy as far as it decides what the app shows (absent: the default, all on). */
  policy?: MePolicy;
}

/** The part of an org's policy (policies/governance.ts) every member's app needs. */
export interface MePolicy {
  enabled: boolean;
  orgWideSharing: 'everyone' | 'admins';
}

/** `GET /api/directory?q=`: people and groups of the caller's org, for the share dialog. */
export interface Directory {
  /** People of the org who have signed in at least once (or are seeded by the embedded IdP). */
  people: { userId: string; name: string }[];
  groups: string[];
}

/** `GET` / `PUT /api/artifacts/:id/sharing`. */
export interface Sharing {
  visibility: 'private' | 'org' | 'restricted';
  /** User ids (restricted only). */
  users: string[];
  /** Group names (restricted only). */
  groups: string[];
}

/** Audited actions (server/audit), in the order the /audit page lists them: metadata only, never content. */
export const AUDIT_ACTIONS = [
  'created',
  'edited',
  'published',
  'restored',
  'shared',
  'unshared',
  'viewed',
  'exported',
  'deleted',
  'retention-deleted',
  'policy-changed',
  'legal-hold',
  // Someone tried to remove or rewrite a held artifact's content and was refused.
  'legal-hold-refused',
  'login-denied',
  // A stored change that does not apply was left out when the artifact loaded (system).
  'repaired',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One event of `GET /api/compliance/events`. */
export interface AuditEventRow {
  orgId: string;
  seq: number;
  /** ISO 8601. */
  at: string;
  actorId: string;
  actorName: string;
  action: AuditAction;
  artifactId: string | null;
  version: number | null;
  clientAddress: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** One row of `GET /api/compliance/artifacts`. */
export interface ComplianceArtifactRow extends Omit<ArtifactSummary, 'pinnedVersion'> {
  /** ISO 8601. */
  createdAt: string;
  versionCount: number;
  legalHold: boolean;
}

/** A cursor-paginated list of the compliance API; pass `nextCursor` back for the next page. */
export interface CompliancePage<T> {
  items: T[];
  nextCursor: string | null;
}

/** `GET /api/compliance/verify`. */
export type ChainVerification =
  | { intact: true; events: number }
  | {
      intact: false;
      /** Events verified before the break. */
      events: number;
      reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap' | 'head_mismatch';
      brokenAt: { seq: number; at: string | null; action: string | null };
    };

/**
 * What the server tells every open page of an artifact, as a Hocuspocus stateless message
 * (JSON). Anything else on that channel (the plain `keepalive`) carries no meaning for pages.
 */
export type LiveNotice =
  /** The live document was replaced by version `version` (a restore), by `actorName`. */
  | { type: 'restored'; version: number; actorName: string; preservedVersion: number | null };

/** Socket close reasons (Hocuspocus `reason`) the server uses, besides Hocuspocus' own. */
export const SOCKET_REASONS = {
  /** The artifact does not exist, or the caller may not read it. */
  notFound: 'not_found',
  /** Access was removed while the page was open (unshared, left the org). */
  forbidden: 'forbidden',
  /** The org's admins switched the feature off; it may come back. */
  featureDisabled: 'feature_disabled',
  /** Readers see a pinned version; the live document is not theirs (may be unpinned later). */
  pinned: 'pinned',
  /** The token expired or was refused: sign in again. */
  tokenExpired: 'token-expired',
  unauthorized: 'unauthorized',
  /** Storage could not load or store; retrying later helps. */
  unavailable: 'unavailable',
  /** The server dropped the document from memory to reload it from storage; reconnect now. */
  reloading: 'reloading',
  /** The server is starting up or shutting down. */
  starting: 'starting',
  /**
   * A socket limit was reached (the server protects itself and other users); the provider
   * reconnects with backoff. Too many sockets (per address or in all) are refused at the
   * upgrade with 429/503 and this reason in `X-Reason`.
   */
  tooManyConnections: 'too_many_connections',
  /** The socket did not authenticate a document in time (close 4408). */
  authTimeout: 'auth_timeout',
  /** The socket sent more than a token's worth of bytes before it authenticated (close 4413). */
  tooMuchData: 'too_much_data',
  /** The socket did not read what the server sent it, so its send buffer filled (close 4413). */
  slowConsumer: 'slow_consumer',
  /** The socket already has as many documents open as one socket may (the document is refused). */
  tooManyDocuments: 'too_many_documents',
  /** The socket asked for the whole document (sync step 1) too often (close 4429). */
  tooManySyncRequests: 'too_many_sync_requests',
} as const;
