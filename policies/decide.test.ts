import { describe, expect, it } from 'vitest';
import type { Action, ArtifactAccess, Principal, Visibility } from './access.ts';
import { decide, type AccessPolicy, type Decision } from './decide.ts';

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
} satisfies Record<string, Principal>;
type Who = keyof typeof PRINCIPALS;

const READERS: Record<Visibility, readonly Who[]> = {
  private: ['owner', 'ownerAdmin', 'ownerNoLongerAuthor'],
  org: ['owner', 'ownerAdmin', 'ownerNoLongerAuthor', 'otherAuthor', 'viewer', 'groupMember', 'orgAdmin', 'auditor'],
  restricted: ['owner', 'ownerAdmin', 'ownerNoLongerAuthor', 'groupMember'],
};
const EDITORS: readonly Who[] = ['owner', 'ownerAdmin'];
const CREATORS: readonly Who[] = ['owner', 'ownerAdmin', 'otherAuthor', 'otherOrg', 'otherOrgSameId'];
const ORG_ADMINS: readonly Who[] = ['ownerAdmin', 'orgAdmin', 'otherOrg'];

const ACTIONS: readonly Action[] = ['create', 'list', 'read', 'read-live', 'comment', 'edit', 'delete', 'share', { share: 'private' }, { share: 'org' }, { share: 'restricted' }];
const VISIBILITIES: readonly Visibility[] = ['private', 'org', 'restricted'];
const POLICIES: readonly AccessPolicy[] = [
  { enabled: true, orgWideSharing: 'everyone' },
  { enabled: true, orgWideSharing: 'admins' },
  { enabled: false, orgWideSharing: 'everyone' },
  { enabled: false, orgWideSharing: 'admins' },
  { enabled: true, orgWideSharing: 'everyone', comments: false },
  { enabled: true, orgWideSharing: 'everyone', comments: true },
  { enabled: false, orgWideSharing: 'everyone', comments: false },
];
const PINS: readonly (number | null)[] = [null, 3];

const artifactOf = (visibility: Visibility, pinnedVersion: number | null): ArtifactAccess => ({
  ownerId: 'alice',
  orgId: 'acme',
  visibility,
  pinnedVersion,
  ...(visibility === 'restricted' ? { sharedUsers: ['nobody'], sharedGroups: ['sre'] } : {}),
});

function expected(who: Who, action: Action, visibility: Visibility, policy: AccessPolicy, pin: number | null): Decision {
  const no = (reason: 'not_found' | 'feature_disabled' | 'forbidden' | 'sharing_restricted' | 'comments_disabled'): Decision => ({ allow: false, reason });
  if (action === 'create') return !policy.enabled ? no('feature_disabled') : CREATORS.includes(who) ? { allow: true } : no('forbidden');
  if (action === 'list') return policy.enabled ? { allow: true } : no('feature_disabled');
  if (!READERS[visibility].includes(who)) return no('not_found');
  if (!policy.enabled) return no('feature_disabled');
  if (action === 'read') return { allow: true };
  // Every reader comments, whatever their role, unless the org turned comments off.
  if (action === 'comment') return policy.comments === false ? no('comments_disabled') : { allow: true };
  if (action === 'read-live') return pin !== null && !EDITORS.includes(who) ? { allow: false, reason: 'pinned', version: pin } : { allow: true };
  if (!EDITORS.includes(who)) return no('forbidden');
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
  const off: AccessPolicy = { enabled: false, orgWideSharing: 'everyone' };

  it('answers not_found for a missing artifact whatever the policy', () => {
    for (const policy of POLICIES) for (const action of ACTIONS.filter((a) => a !== 'create' && a !== 'list')) expect(decide(PRINCIPALS.owner, action, null, policy)).toEqual({ allow: false, reason: 'not_found' });
  });

  it('a reader of a pinned artifact in a disabled org gets feature_disabled, not pinned', () => {
    expect(decide(PRINCIPALS.viewer, 'read-live', pinnedOrg, off)).toEqual({ allow: false, reason: 'feature_disabled' });
    expect(decide(PRINCIPALS.viewer, 'read-live', pinnedOrg, { ...off, enabled: true })).toEqual({ allow: false, reason: 'pinned', version: 3 });
  });

  it('keeps org-wide sharing an artifact already has (not retroactive), and its users may still change it', () => {
    const admins: AccessPolicy = { enabled: true, orgWideSharing: 'admins' };
    expect(decide(PRINCIPALS.owner, { share: 'org' }, artifactOf('org', null), admins)).toEqual({ allow: true });
    expect(decide(PRINCIPALS.owner, { share: 'org' }, artifactOf('restricted', null), admins)).toEqual({ allow: false, reason: 'sharing_restricted' });
    expect(decide(PRINCIPALS.owner, { share: 'restricted' }, artifactOf('org', null), admins)).toEqual({ allow: true });
  });

  it('refuses a sharing change by a non-owner as forbidden before the org-wide rule', () => {
    expect(decide(PRINCIPALS.orgAdmin, { share: 'org' }, artifactOf('org', null), { enabled: true, orgWideSharing: 'admins' })).toEqual({ allow: false, reason: 'forbidden' });
    expect(decide(PRINCIPALS.otherAuthor, { share: 'org' }, artifactOf('org', null), { enabled: true, orgWideSharing: 'admins' })).toEqual({ allow: false, reason: 'forbidden' });
  });
});
