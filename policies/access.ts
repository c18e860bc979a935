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
 * `edit`: change the live document (ops, socket writes, browser edits), publish, pin, restore:
 * the owner and those it is shared with as editors.
 *
 * `share`: see and change who an artifact is shared with; `{ share: visibility }`: set its
 * visibility to that one (the org's policy may keep `org` for its admins). Owner only, like
 * `delete`.
 *
 * `comment`: start or answer a comment thread: whoever may read, unless the org's policy turns
 * comments off.
 *
 * `manage-webhooks`: see and change the artifact's outgoing webhooks (they call out of the
 * server with the artifact's title and ids): the owner's, like sharing.
 */
export type Action = 'create' | 'list' | 'read' | 'read-live' | 'edit' | 'comment' | 'delete' | 'share' | 'manage-webhooks' | { share: Visibility };

/** What a share to a person or group grants: reading, or reading and editing. */
export type ShareRole = 'view' | 'edit';
export const SHARE_ROLES: readonly ShareRole[] = ['view', 'edit'];

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
  /**
   * The subset of `sharedUsers` / `sharedGroups` shared with the role `edit` (the rest may
   * only view). Only meaningful with visibility `restricted`, like the shares themselves.
   */
  editorUsers?: readonly string[];
  editorGroups?: readonly string[];
}
