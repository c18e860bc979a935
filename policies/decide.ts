/*
 * Who may do what to an artifact: the one decision. Pure. The server's HTTP routes and sockets
 * enforce its answers and the client uses the same ones to hide what a user cannot do; each
 * only maps a refusal's reason to its transport (an HTTP status and code, a socket close
 * reason, a control not shown).
 */
import type { Action, ArtifactAccess, Principal } from './access.ts';
import type { OrgPolicy } from './governance.ts';

/** The parts of an org's policy that grant or take away access (every member's app has them). */
export type AccessPolicy = Pick<OrgPolicy, 'enabled' | 'orgWideSharing' | 'comments'>;

export type Refusal =
  | { allow: false; reason: 'not_found' | 'feature_disabled' | 'forbidden' | 'sharing_restricted' | 'comments_disabled' }
  /** A reader of an artifact pinned to `version`: they get that version, never the live document. */
  | { allow: false; reason: 'pinned'; version: number };

export type Decision = { allow: true } | Refusal;
export type RefusalReason = Refusal['reason'];

const ALLOW: Decision = Object.freeze({ allow: true });
const refuse = (reason: Exclude<RefusalReason, 'pinned'>): Refusal => ({ allow: false, reason });

/**
 * Whether `principal` may perform `action` on `artifact` (null: no such artifact; ignored for
 * `create` and `list`, which concern the principal's org). `policy` is the policy of the
 * principal's org, the only org whose artifacts it may touch: required, so no caller can
 * forget the feature switch.
 *
 * One order of checks for every transport:
 * 1. `not_found` for whoever may not read the artifact (it does not exist, is of another org,
 *    or is not shared with them): first, so an artifact's existence never leaks, not even by
 *    a different refusal.
 * 2. `feature_disabled` when the org switched the feature off: before anything about the
 *    artifact itself, because it is the org's answer to every action and no other answer is
 *    actionable meanwhile (`pinned` would send a reader to a version that is refused too).
 * 3. The action's own rule: `pinned` (with the version viewers get) for `read-live`,
 *    `forbidden` for editing, deleting and sharing by anyone but the owner with the author
 *    role, and `sharing_restricted` when the policy keeps org-wide sharing for org-admins;
 *    `comments_disabled` for `comment` when the org's policy turns comments off.
 */
export function decide(principal: Principal, action: Action, artifact: ArtifactAccess | null | undefined, policy: AccessPolicy): Decision {
  if (action === 'create' || action === 'list') {
    if (!policy.enabled) return refuse('feature_disabled');
    return action === 'list' || principal.roles.includes('artifact-author') ? ALLOW : refuse('forbidden');
  }
  if (!artifact || !mayRead(principal, artifact)) return refuse('not_found');
  if (!policy.enabled) return refuse('feature_disabled');
  if (action === 'read') return ALLOW;
  // Commenting is reading out loud: every reader may, unless the org turned comments off.
  if (action === 'comment') return policy.comments === false ? refuse('comments_disabled') : ALLOW;
  const editor = mayEdit(principal, artifact);
  if (action === 'read-live') return editor || artifact.pinnedVersion == null ? ALLOW : { allow: false, reason: 'pinned', version: artifact.pinnedVersion };
  if (!editor) return refuse('forbidden');
  if (typeof action === 'object' && action.share === 'org' && artifact.visibility !== 'org' && keepsOrgWideSharing(principal, policy)) return refuse('sharing_restricted');
  return ALLOW;
}

/**
 * Readers: the owner, everyone of the org for `org`, the named people and groups for
 * `restricted`; never anyone of another org (a user id or group name there means someone
 * else). An org-admin reads no more than anyone.
 */
function mayRead(principal: Principal, artifact: ArtifactAccess): boolean {
  if (artifact.orgId !== principal.orgId) return false;
  if (artifact.ownerId === principal.userId || artifact.visibility === 'org') return true;
  return artifact.visibility === 'restricted' && isSharedWith(principal, artifact);
}

/** Editing, deleting and sharing: the owner, while they hold the author role. */
function mayEdit(principal: Principal, artifact: ArtifactAccess): boolean {
  return artifact.orgId === principal.orgId && artifact.ownerId === principal.userId && principal.roles.includes('artifact-author');
}

/**
 * Whether the policy keeps new org-wide sharing from this principal (not an org-admin). Not
 * retroactive: an artifact shared org-wide before the policy changed may keep that (decide
 * asks only when the visibility would become `org`). An admin still shares only their own
 * artifacts: sharing someone else's would let them read it.
 */
function keepsOrgWideSharing(principal: Principal, policy: AccessPolicy): boolean {
  return policy.orgWideSharing === 'admins' && !principal.roles.includes('org-admin');
}

function isSharedWith(principal: Principal, artifact: ArtifactAccess): boolean {
  return (artifact.sharedUsers ?? []).includes(principal.userId) || principal.groups.some((g) => (artifact.sharedGroups ?? []).includes(g));
}
