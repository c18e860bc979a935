import { describe, expect, it } from 'vitest';
import type { Action, ArtifactAccess, Principal, Visibility } from './access.ts';
import { decide, shareRoleOf, type AccessPolicy, type Decision } from './decide.ts';

/*
 * Every principal kind × action × visibility × policy × pin, against an expectation written
 * from who-is-who lists (not from decide's code): who reads each visibility, who edits, who
 * creates, who is an org-admin.
 */

const person = (userId: string, roles: Principal['roles'], over: Partial<Principal> = {}): Principal => ({ userId, name: userId, orgId: 'acme', roles, groups: [], ...over });
const PRINCIPALS = {
  owner: person('alice', ['artifact-author']),
  ownerAdmin: person('alice', ['artifact-author', 'org-admin']),
  ownerNoLongerAuthor: person('alice', ['artifact-viewer']),
  otherAuthor: person('bob', ['artifact-author']),
  viewer: person('vic', ['artifact-viewer']),
  groupMember: person('dave', ['artifact-viewer'], { groups: ['sre'] }),
  orgAdmin: person('adam', ['org-admin']),
  auditor: person('audrey', ['auditor']),
  otherOrg: person('carol', ['artifact-author', 'org-admin'], { orgId: 'globex', groups: ['sre'] }),
  otherOrgSameId: person('alice', ['artifact-author'], { orgId: 'globex' }),
  // Shares with roles (restricted artifacts share `view` with nobody and group sre, `edit` with ed, vied, adamed and group ops).
  sharedEditor: person('ed', ['artifact-author']),
  groupEditor: person('gina', ['artifact-author'], { groups: ['ops'] }),
  groupViewerAuthor: person('sam', ['artifact-author'], { groups: ['sre'] }),
  editorWithViewerRole: person('vied', ['artifact-viewer']),
  editorWithAdminRoleOnly: person('adamed', ['org-admin']),
  otherOrgEditorSameId: person('ed', ['artifact-author'], { orgId: 'globex', groups: ['ops'] }),
} satisfies Record<string, Principal>;
type Who = keyof typeof PRINCIPALS;

const READERS: Record<Visibility, readonly Who[]> = {
  private: ['owner', 'ownerAdmin', 'ownerNoLongerAuthor'],
  org: ['owner', 'ownerAdmin', 'ownerNoLongerAuthor', 'otherAuthor', 'viewer', 'groupMember', 'orgAdmin', 'auditor', 'sharedEditor', 'groupEditor', 'groupViewerAuthor', 'editorWithViewerRole', 'editorWithAdminRoleOnly'],
  restricted: ['owner', 'ownerAdmin', 'ownerNoLongerAuthor', 'groupMember', 'sharedEditor', 'groupEditor', 'groupViewerAuthor', 'editorWithViewerRole', 'editorWithAdminRoleOnly'],
};
/** Edit (ops, publish, pin, restore): the owner; with `restricted`, editors who hold the author role (org-wide visibility is view-only). */
const EDITORS: Record<Visibility, readonly Who[]> = {
  private: ['owner', 'ownerAdmin'],
  org: ['owner', 'ownerAdmin'],
  restricted: ['owner', 'ownerAdmin', 'sharedEditor', 'groupEditor'],
};
/** Share and delete: the owner alone. */
const OWNERS: readonly Who[] = ['owner', 'ownerAdmin'];
const CREATORS: readonly Who[] = ['owner', 'ownerAdmin', 'otherAuthor', 'otherOrg', 'otherOrgSameId', 'sharedEditor', 'groupEditor', 'groupViewerAuthor', 'otherOrgEditorSameId'];
const ORG_ADMINS: readonly Who[] = ['ownerAdmin', 'orgAdmin', 'otherOrg', 'editorWithAdminRoleOnly'];

const ACTIONS: readonly Action[] = ['create', 'list', 'read', 'read-live', 'edit', 'comment', 'delete', 'share', 'manage-webhooks', { share: 'private' }, { share: 'org' }, { share: 'restricted' }];
const VISIBILITIES: readonly Visibility[] = ['private', 'org', 'restricted'];
const POLICIES: readonly AccessPolicy[] = [true, false].flatMap((enabled) =>
  (['everyone', 'admins'] as const).flatMap((orgWideSharing) => [true, false].map((comments) => ({ enabled, orgWideSharing, comments }))),
);
const PINS: readonly (number | null)[] = [null, 3];

const artifactOf = (visibility: Visibility, pinnedVersion: number | null): ArtifactAccess => ({
  ownerId: 'alice',
  orgId: 'acme',
  visibility,
  pinnedVersion,
  // Editor lists on every visibility: only `restricted` gives them any meaning.
  editorUsers: ['ed', 'vied', 'adamed'],
  editorGroups: ['ops'],
  ...(visibility === 'restricted' ? { sharedUsers: ['adamed', 'ed', 'nobody', 'vied'], sharedGroups: ['ops', 'sre'] } : {}),
});

function expected(who: Who, action: Action, visibility: Visibility, policy: AccessPolicy, pin: number | null): Decision {
  const no = (reason: 'not_found' | 'feature_disabled' | 'forbidden' | 'sharing_restricted' | 'comments_disabled'): Decision => ({ allow: false, reason });
  if (action === 'create') return !policy.enabled ? no('feature_disabled') : CREATORS.includes(who) ? { allow: true } : no('forbidden');
  if (action === 'list') return policy.enabled ? { allow: true } : no('feature_disabled');
  if (!READERS[visibility].includes(who)) return no('not_found');
  if (!policy.enabled) return no('feature_disabled');
  if (action === 'read') return { allow: true };
  if (action === 'comment') return policy.comments ? { allow: true } : no('comments_disabled');
  const editor = EDITORS[visibility].includes(who);
  if (action === 'read-live') return pin !== null && !editor ? { allow: false, reason: 'pinned', version: pin } : { allow: true };
  if (action === 'edit') return editor ? { allow: true } : no('forbidden');
  if (!OWNERS.includes(who)) return no('forbidden');
  const newlyOrgWide = typeof action === 'object' && action.share === 'org' && visibility !== 'org';
  if (newlyOrgWide && policy.orgWideSharing === 'admins' && !ORG_ADMINS.includes(who)) return no('sharing_restricted');
  return { allow: true };
}

const label = (action: Action) => (typeof action === 'string' ? action : `share→${action.share}`);

describe('decide: every principal × action × visibility × policy × pin', () => {
  it.each(Object.keys(PRINCIPALS) as Who[])('%s', (who) => {
    const mismatches: string[] = [];
    for (const action of ACTIONS) {
      for (const visibility of VISIBILITIES) {
        for (const policy of POLICIES) {
          for (const pin of PINS) {
            const got = decide(PRINCIPALS[who], action, artifactOf(visibility, pin), policy);
            const want = expected(who, action, visibility, policy, pin);
            if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${label(action)} ${visibility} ${JSON.stringify(policy)} pin=${pin}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('covers every reason', () => {
    const reasons = new Set<string>();
    for (const who of Object.keys(PRINCIPALS) as Who[])
      for (const action of ACTIONS) for (const visibility of VISIBILITIES) for (const policy of POLICIES) for (const pin of PINS) {
        const decision = decide(PRINCIPALS[who], action, artifactOf(visibility, pin), policy);
        reasons.add(decision.allow ? 'allow' : decision.reason);
      }
    expect([...reasons].sort()).toEqual(['allow', 'comments_disabled', 'feature_disabled', 'forbidden', 'not_found', 'pinned', 'sharing_restricted']);
  });
});

describe('decide: the order of checks', () => {
  const pinnedOrg = artifactOf('org', 3);
  const off: AccessPolicy = { enabled: false, orgWideSharing: 'everyone', comments: true };

  it('answers not_found for a missing artifact whatever the policy', () => {
    for (const policy of POLICIES) for (const action of ACTIONS.filter((a) => a !== 'create' && a !== 'list')) expect(decide(PRINCIPALS.owner, action, null, policy)).toEqual({ allow: false, reason: 'not_found' });
  });

  it('a reader of a pinned artifact in a disabled org gets feature_disabled, not pinned', () => {
    expect(decide(PRINCIPALS.viewer, 'read-live', pinnedOrg, off)).toEqual({ allow: false, reason: 'feature_disabled' });
    expect(decide(PRINCIPALS.viewer, 'read-live', pinnedOrg, { ...off, enabled: true })).toEqual({ allow: false, reason: 'pinned', version: 3 });
  });

  it('keeps org-wide sharing an artifact already has (not retroactive), and its users may still change it', () => {
    const admins: AccessPolicy = { enabled: true, orgWideSharing: 'admins', comments: true };
    expect(decide(PRINCIPALS.owner, { share: 'org' }, artifactOf('org', null), admins)).toEqual({ allow: true });
    expect(decide(PRINCIPALS.owner, { share: 'org' }, artifactOf('restricted', null), admins)).toEqual({ allow: false, reason: 'sharing_restricted' });
    expect(decide(PRINCIPALS.owner, { share: 'restricted' }, artifactOf('org', null), admins)).toEqual({ allow: true });
  });

  it('refuses a sharing change by a non-owner as forbidden before the org-wide rule', () => {
    expect(decide(PRINCIPALS.orgAdmin, { share: 'org' }, artifactOf('org', null), { enabled: true, orgWideSharing: 'admins', comments: true })).toEqual({ allow: false, reason: 'forbidden' });
    expect(decide(PRINCIPALS.otherAuthor, { share: 'org' }, artifactOf('org', null), { enabled: true, orgWideSharing: 'admins', comments: true })).toEqual({ allow: false, reason: 'forbidden' });
  });
});

describe('decide: share roles', () => {
  const on: AccessPolicy = { enabled: true, orgWideSharing: 'everyone', comments: true };
  const restricted = artifactOf('restricted', null);

  it('an editor edits (and so publishes, pins, restores) but neither shares nor deletes', () => {
    for (const who of ['sharedEditor', 'groupEditor'] as const) {
      expect(decide(PRINCIPALS[who], 'edit', restricted, on)).toEqual({ allow: true });
      for (const action of ['delete', 'share', { share: 'restricted' }] as const) expect(decide(PRINCIPALS[who], action, restricted, on)).toEqual({ allow: false, reason: 'forbidden' });
    }
  });

  it('an edit share does not lift a role that may not write', () => {
    expect(decide(PRINCIPALS.editorWithViewerRole, 'edit', restricted, on)).toEqual({ allow: false, reason: 'forbidden' });
    expect(decide(PRINCIPALS.editorWithAdminRoleOnly, 'edit', restricted, on)).toEqual({ allow: false, reason: 'forbidden' });
    expect(decide(PRINCIPALS.editorWithViewerRole, 'read', restricted, on)).toEqual({ allow: true });
  });

  it('an editor of a pinned artifact still sees the live document', () => {
    expect(decide(PRINCIPALS.sharedEditor, 'read-live', artifactOf('restricted', 3), on)).toEqual({ allow: true });
    expect(decide(PRINCIPALS.groupViewerAuthor, 'read-live', artifactOf('restricted', 3), on)).toEqual({ allow: false, reason: 'pinned', version: 3 });
  });

  it('org-wide visibility stays view-only, whatever editor lists an artifact carries', () => {
    expect(decide(PRINCIPALS.sharedEditor, 'edit', artifactOf('org', null), on)).toEqual({ allow: false, reason: 'forbidden' });
  });

  it("tells each principal their own share role, and nothing for the owner or org-wide visibility", () => {
    const roles = (Object.keys(PRINCIPALS) as Who[]).map((who) => [who, shareRoleOf(PRINCIPALS[who], restricted)] as const).filter(([, role]) => role !== null);
    expect(Object.fromEntries(roles)).toEqual({ groupMember: 'view', sharedEditor: 'edit', groupEditor: 'edit', groupViewerAuthor: 'view', editorWithViewerRole: 'edit', editorWithAdminRoleOnly: 'edit' });
    expect(shareRoleOf(PRINCIPALS.sharedEditor, artifactOf('org', null))).toBeNull();
  });

  it('a name shared as editor means nobody of another org', () => {
    expect(decide(PRINCIPALS.otherOrgEditorSameId, 'edit', restricted, on)).toEqual({ allow: false, reason: 'not_found' });
  });
});

describe('decide: comments', () => {
  it('anyone who may read comments, even on a pinned artifact; nobody once the policy turns comments off', () => {
    const noComments: AccessPolicy = { enabled: true, orgWideSharing: 'everyone', comments: false };
    expect(decide(PRINCIPALS.viewer, 'comment', artifactOf('org', 3), { ...noComments, comments: true })).toEqual({ allow: true });
    expect(decide(PRINCIPALS.owner, 'comment', artifactOf('private', null), noComments)).toEqual({ allow: false, reason: 'comments_disabled' });
    // Existence first: a stranger learns nothing from the comments switch.
    expect(decide(PRINCIPALS.otherAuthor, 'comment', artifactOf('private', null), noComments)).toEqual({ allow: false, reason: 'not_found' });
    expect(decide(PRINCIPALS.viewer, 'comment', artifactOf('org', null), { ...noComments, enabled: false })).toEqual({ allow: false, reason: 'feature_disabled' });
  });
});
