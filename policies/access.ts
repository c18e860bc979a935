/*
 * The vocabulary of access: who asks (a principal), what they ask to do (an action) and to
 * what (an artifact's access fields). decide.ts answers with these; every transport (HTTP,
 * sockets) and the client use the same answers.
 */

export type Role = 'artifact-author' | 'artifact-viewer' | 'org-admin' | 'auditor';
export type Visibility = 'private' | 'org' | 'restricted';

/**
 * `read-live`: see the live document (socket, live JSON). When the owner pins what viewers
 * see to a version, only those who may edit still see the live document; everyone else who
 * may read gets the pinned version.
 *
 * `list`: see the org's artifact list (each row then needs `read`).
 *
 * `share`: see and change who an artifact is shared with; `{ share: visibility }`: set its
 * visibility to that one (the org's policy may keep `org` for its admins).
 *
 * `comment`: start, reply to, resolve and reopen comment threads (anyone who may read, unless
 * the org's policy turns comments off). Editing or deleting one comment is decided on top of
 * this by its authorship (the server's comment routes).
 */
export type Action = 'create' | 'list' | 'read' | 'read-live' | 'edit' | 'delete' | 'share' | 'comment' | { share: Visibility };

export interface Principal {
  userId: string;
  name: string;
  orgId: string;
  roles: readonly Role[];
  groups: readonly string[];
}

export interface ArtifactAccess {
  ownerId: string;
  orgId: string;
  visibility: Visibility;
  /** What viewers see: null = the live document, n = pinned to version n. */
  pinnedVersion?: number | null;
  /** With visibility `restricted`: user ids and group names of the owner's org that may read. */
  sharedUsers?: readonly string[];
  sharedGroups?: readonly string[];
}
