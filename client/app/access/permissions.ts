import { decide, DEFAULT_ORG_POLICY, type AccessPolicy, type ArtifactAccess, type Principal } from '#policies';
import type { ArtifactSummary, Me } from '../api/index.ts';

/** What the signed-in user may do to one artifact; the page shows only these actions. */
export interface ArtifactPermissions {
  /** Publish versions. */
  publish: boolean;
  /** Choose what viewers see (live or a pinned version). */
  pin: boolean;
  restore: boolean;
  share: boolean;
  delete: boolean;
  /** See the live document rather than the pinned version. */
  readLive: boolean;
  /** Change the live document (ops, socket writes; in the browser: tick items, edit text, rename): the owner and editors. */
  edit: boolean;
  /** Copy it into an artifact of one's own: whoever reads it and may create. */
  remix: boolean;
}

/** Nothing allowed: what a page assumes until it knows better, so no action flashes up and away. */
export const NO_PERMISSIONS: Readonly<ArtifactPermissions> = Object.freeze({
  publish: false,
  pin: false,
  restore: false,
  share: false,
  delete: false,
  readLive: false,
  edit: false,
  remix: false,
});

export function principalOf(me: Me): Principal {
  return { userId: me.userId, name: me.name, orgId: me.orgId, roles: me.roles, groups: me.groups };
}

/** The org's policy as /api/me says it; absent means the default one (see the `Me` type). */
export function policyOf(me: Me): AccessPolicy {
  return me.policy ?? DEFAULT_ORG_POLICY;
}

/**
 * The policy's view of an artifact from its summary row, as far as `me` is concerned. The
 * summary does not list who a restricted artifact is shared with (only its owner may see
 * that), only the role the caller's own share gives them (`yourShare`): that is all `decide`
 * needs to answer for them.
 */
export function accessOf(summary: ArtifactSummary, me?: Pick<Me, 'userId'>): ArtifactAccess {
  const share = me && summary.yourShare ? { sharedUsers: [me.userId], editorUsers: summary.yourShare === 'edit' ? [me.userId] : [] } : {};
  return { ownerId: summary.owner, orgId: summary.orgId, visibility: summary.visibility, pinnedVersion: summary.pinnedVersion, ...share };
}

/**
 * The same answers the server enforces (policies/), for `me` and an artifact whose summary the
 * server showed them: the owner and editors (who hold the author role) edit, publish, pin and
 * restore; only the owner shares and deletes. A reader sees the live document unless it is
 * pinned and they may not edit.
 */
export function permissionsFor(me: Me, summary: ArtifactSummary): ArtifactPermissions {
  const principal = principalOf(me);
  const access = accessOf(summary, me);
  // The org's policy from /api/me: with the feature off, nothing is offered.
  const allows = (action: 'edit' | 'share' | 'delete') => decide(principal, action, access, policyOf(me)).allow;
  const edit = allows('edit');
  return {
    publish: edit,
    pin: edit,
    restore: edit,
    share: allows('share'),
    delete: allows('delete'),
    readLive: access.pinnedVersion == null || edit,
    edit,
    remix: decide(principal, 'read', access, policyOf(me)).allow && decide(principal, 'create', null, policyOf(me)).allow,
  };
}
