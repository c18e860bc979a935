/*
 * Who may do what to an artifact. Pure: the server enforces these answers and the client uses
 * the same ones to hide what a user cannot do. The org's policy (governance.ts), when given,
 * can only take rights away: a disabled org opens nothing, and org-wide sharing may be kept
 * for admins.
 */
import type { OrgPolicy } from './governance.ts';

export type Role = 'artifact-author' | 'artifact-viewer' | 'org-admin' | 'auditor';
/**
 * `read-live`: see the live document (socket, live JSON). When the owner pins what viewers
 * see to a version, only those who may edit still see the live document; everyone else who
 * may read gets the pinned version.
 */
export type Action = 'create' | 'read' | 'read-live' | 'edit' | 'delete';
export type Visibility = 'private' | 'org' | 'restricted';

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

/**
 * Whether `principal` may perform `action` (on `artifact`, except for `create`). `policy` is
 * the policy of the principal's org (the only org whose artifacts it may touch); without it,
 * the default policy applies (feature on).
 */
export function can(principal: Principal, action: Action, artifact?: ArtifactAccess, policy?: Pick<OrgPolicy, 'enabled'>): boolean {
  if (policy && !policy.enabled) return false;
  if (action === 'create') return principal.roles.includes('artifact-author');
  if (!artifact || artifact.orgId !== principal.orgId) return false;
  const isOwner = artifact.ownerId === principal.userId;
  switch (action) {
    case 'read':
      return isOwner || artifact.visibility === 'org' || (artifact.visibility === 'restricted' && isSharedWith(principal, artifact));
    case 'read-live':
      return can(principal, 'read', artifact) && (artifact.pinnedVersion == null || can(principal, 'edit', artifact));
    case 'edit':
    case 'delete':
      return isOwner && principal.roles.includes('artifact-author');
  }
}

/**
 * Who may set an artifact's sharing: its owner. Never public, never across orgs: targets are
 * people and groups of the owner's org, because every rule above also requires the reader's
 * org to be the artifact's. With a target `visibility` of `org` and a policy that keeps
 * org-wide sharing for admins, the owner must also be an org-admin (an admin cannot share
 * someone else's artifact: that would let them read it).
 */
export function canShare(principal: Principal, artifact: ArtifactAccess, visibility?: Visibility, policy?: Pick<OrgPolicy, 'enabled' | 'orgWideSharing'>): boolean {
  if (!can(principal, 'edit', artifact, policy)) return false;
  return visibility !== 'org' || !isOrgWideSharingRestricted(principal, policy);
}

/** Whether the policy keeps org-wide sharing from this principal (not an org-admin). */
export function isOrgWideSharingRestricted(principal: Principal, policy?: Pick<OrgPolicy, 'orgWideSharing'>): boolean {
  return policy?.orgWideSharing === 'admins' && !principal.roles.includes('org-admin');
}

function isSharedWith(principal: Principal, artifact: ArtifactAccess): boolean {
  return (artifact.sharedUsers ?? []).includes(principal.userId) || principal.groups.some((g) => (artifact.sharedGroups ?? []).includes(g));
}
