/*
 * Who may do what to an artifact. Pure: the server enforces these answers and the client uses
 * the same ones to hide what a user cannot do. Issue-sized today (owner and org read); sharing
 * with people and groups, admin and auditor rules extend this table.
 */

export type Role = 'artifact-author' | 'artifact-viewer' | 'org-admin' | 'auditor';
export type Action = 'create' | 'read' | 'edit' | 'delete';
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
}

/** Whether `principal` may perform `action` (on `artifact`, except for `create`). */
export function can(principal: Principal, action: Action, artifact?: ArtifactAccess): boolean {
  if (action === 'create') return principal.roles.includes('artifact-author');
  if (!artifact || artifact.orgId !== principal.orgId) return false;
  const isOwner = artifact.ownerId === principal.userId;
  switch (action) {
    case 'read':
      return isOwner || artifact.visibility === 'org';
    case 'edit':
    case 'delete':
      return isOwner;
  }
}
