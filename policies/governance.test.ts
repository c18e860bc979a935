import { describe, expect, it } from 'vitest';
import type { Action, ArtifactAccess, Principal, Visibility } from './access.ts';
import { decide } from './decide.ts';
import {
  canManagePolicy,
  canSetLegalHold,
  DAY_MS,
  DEFAULT_ORG_POLICY,
  legalHoldRefuses,
  retentionPlan,
  validateOrgPolicy,
  type ContentRemoval,
  type OrgPolicy,
  type RetentionCandidate,
} from './governance.ts';

const person = (userId: string, roles: Principal['roles'], orgId = 'acme'): Principal => ({ userId, name: userId, orgId, roles, groups: [] });
const alice = person('alice', ['artifact-author']);
const bob = person('bob', ['artifact-author']);
const vic = person('vic', ['artifact-viewer']);
const adam = person('adam', ['org-admin']);
const audrey = person('audrey', ['auditor']);
const aliceAdmin = person('alice', ['artifact-author', 'org-admin']);
const carolAdmin = person('carol', ['org-admin'], 'globex');

const privateOfAlice: ArtifactAccess = { ownerId: 'alice', orgId: 'acme', visibility: 'private' };
const orgOfAlice: ArtifactAccess = { ownerId: 'alice', orgId: 'acme', visibility: 'org' };

const on: OrgPolicy = { ...DEFAULT_ORG_POLICY };
const off: OrgPolicy = { ...DEFAULT_ORG_POLICY, enabled: false };
const adminsShare: OrgPolicy = { ...DEFAULT_ORG_POLICY, orgWideSharing: 'admins' };

/** Whether decide allows (no policy: the default one). */
const can = (principal: Principal, action: Action, artifact: ArtifactAccess | undefined, policy: OrgPolicy | undefined) => decide(principal, action, artifact, policy ?? DEFAULT_ORG_POLICY).allow;
/** Whether decide allows sharing, to `visibility` or (without it) at all. */
const canShare = (principal: Principal, artifact: ArtifactAccess, visibility: Visibility | undefined, policy: OrgPolicy | undefined) =>
  decide(principal, visibility ? { share: visibility } : 'share', artifact, policy ?? DEFAULT_ORG_POLICY).allow;

describe('can with the org policy', () => {
  it.each<[string, Principal, Action, ArtifactAccess | undefined, OrgPolicy | undefined, boolean]>([
    ['no policy = feature on: author creates', alice, 'create', undefined, undefined, true],
    ['feature on: author creates', alice, 'create', undefined, on, true],
    ['feature off: author cannot create', alice, 'create', undefined, off, false],
    ['feature off: owner cannot read', alice, 'read', privateOfAlice, off, false],
    ['feature off: owner cannot read live', alice, 'read-live', privateOfAlice, off, false],
    ['feature off: owner cannot edit', alice, 'edit', privateOfAlice, off, false],
    ['feature off: owner cannot delete', alice, 'delete', privateOfAlice, off, false],
    ['feature off: colleague cannot read org-shared', bob, 'read', orgOfAlice, off, false],
    ['feature off: viewer cannot read org-shared', vic, 'read', orgOfAlice, off, false],
    ['feature off: org-admin cannot read org-shared', adam, 'read', orgOfAlice, off, false],
    ['feature on: colleague reads org-shared', bob, 'read', orgOfAlice, on, true],
    ['feature on: owner edits', alice, 'edit', privateOfAlice, on, true],
    ['feature on: org-admin still cannot read private of others', adam, 'read', privateOfAlice, on, false],
    ['sharing for admins only does not change reading', bob, 'read', orgOfAlice, adminsShare, true],
  ])('%s', (_name, principal, action, artifact, policy, expected) => {
    expect(can(principal, action, artifact, policy)).toBe(expected);
  });
});

describe('canShare with a target visibility', () => {
  it.each<[string, Principal, ArtifactAccess, Visibility | undefined, OrgPolicy | undefined, boolean]>([
    ['owner shares org-wide by default', alice, privateOfAlice, 'org', undefined, true],
    ['owner shares org-wide when everyone may', alice, privateOfAlice, 'org', on, true],
    ['owner cannot share org-wide when only admins may', alice, privateOfAlice, 'org', adminsShare, false],
    ['owner still restricts to people when only admins share org-wide', alice, privateOfAlice, 'restricted', adminsShare, true],
    ['owner still makes it private when only admins share org-wide', alice, orgOfAlice, 'private', adminsShare, true],
    ['owner who is an org-admin shares org-wide', aliceAdmin, privateOfAlice, 'org', adminsShare, true],
    ['org-admin cannot share an artifact of someone else', adam, privateOfAlice, 'org', adminsShare, false],
    ['nobody shares when the feature is off', aliceAdmin, privateOfAlice, 'private', off, false],
    ['colleague never shares', bob, orgOfAlice, 'private', on, false],
    ['without a target: the owner may open the dialog', alice, privateOfAlice, undefined, adminsShare, true],
  ])('%s', (_name, principal, artifact, visibility, policy, expected) => {
    expect(canShare(principal, artifact, visibility, policy)).toBe(expected);
  });
});

describe('who governs', () => {
  it.each<[string, Principal, boolean, boolean]>([
    ['org-admin', adam, true, true],
    ['auditor', audrey, false, true],
    ['author', alice, false, false],
    ['viewer', vic, false, false],
    ['org-admin of another org', carolAdmin, false, false],
  ])('%s: manages policy %s, sets legal hold %s', (_name, principal, manages, holds) => {
    expect(canManagePolicy(principal, 'acme')).toBe(manages);
    expect(canSetLegalHold(principal, { orgId: 'acme' })).toBe(holds);
  });
});

describe('validateOrgPolicy', () => {
  const valid = { enabled: true, orgWideSharing: 'admins', retentionDays: { private: 30, shared: null }, keepVersions: 5 };

  it('accepts a whole policy', () => {
    expect(validateOrgPolicy({ ...valid, comments: false })).toEqual({ ok: true, policy: { ...valid, comments: false } });
    expect(validateOrgPolicy(DEFAULT_ORG_POLICY)).toEqual({ ok: true, policy: DEFAULT_ORG_POLICY });
  });

  it('takes comments as on when a save (from a client that predates the switch) leaves it out', () => {
    expect(validateOrgPolicy(valid)).toEqual({ ok: true, policy: { ...valid, comments: true } });
    expect(DEFAULT_ORG_POLICY.comments).toBe(true);
  });

  it.each<[string, unknown, { field: string; code: string }[]]>([
    ['not an object', [1], [{ field: 'body', code: 'invalid_type' }]],
    ['everything missing', {}, [
      { field: 'enabled', code: 'required' },
      { field: 'orgWideSharing', code: 'required' },
      { field: 'retentionDays', code: 'required' },
      { field: 'keepVersions', code: 'required' },
    ]],
    ['enabled as a string', { ...valid, enabled: 'yes' }, [{ field: 'enabled', code: 'invalid_type' }]],
    ['sharing spelled wrong', { ...valid, orgWideSharing: 'nobody' }, [{ field: 'orgWideSharing', code: 'invalid_value' }]],
    ['zero days', { ...valid, retentionDays: { private: 0, shared: null } }, [{ field: 'retentionDays.private', code: 'out_of_range' }]],
    ['negative days', { ...valid, retentionDays: { private: 30, shared: -1 } }, [{ field: 'retentionDays.shared', code: 'out_of_range' }]],
    ['fractional days', { ...valid, retentionDays: { private: 1.5, shared: null } }, [{ field: 'retentionDays.private', code: 'invalid_type' }]],
    ['days as a string', { ...valid, retentionDays: { private: '30', shared: null } }, [{ field: 'retentionDays.private', code: 'invalid_type' }]],
    ['a class missing', { ...valid, retentionDays: { private: 30 } }, [{ field: 'retentionDays.shared', code: 'required' }]],
    ['too many days', { ...valid, retentionDays: { private: 36_501, shared: null } }, [{ field: 'retentionDays.private', code: 'out_of_range' }]],
    ['keep zero versions', { ...valid, keepVersions: 0 }, [{ field: 'keepVersions', code: 'out_of_range' }]],
    ['comments as a string', { ...valid, comments: 'off' }, [{ field: 'comments', code: 'invalid_type' }]],
    ['comments null', { ...valid, comments: null }, [{ field: 'comments', code: 'invalid_type' }]],
    ['unknown fields', { ...valid, legalHold: true, retentionDays: { private: 1, shared: 1, archive: 2 } }, [
      { field: 'legalHold', code: 'unknown_field' },
      { field: 'retentionDays.archive', code: 'unknown_field' },
    ]],
  ])('%s', (_name, value, expected) => {
    const result = validateOrgPolicy(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map(({ field, code }) => ({ field, code }))).toEqual(expected);
  });
});

describe('retentionPlan', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const artifact = (id: string, over: Partial<RetentionCandidate> = {}): RetentionCandidate => ({
    id,
    visibility: 'private',
    updatedAt: daysAgo(0),
    legalHold: false,
    versions: [],
    ...over,
  });
  const policy = (over: Partial<OrgPolicy> = {}): OrgPolicy => ({ ...DEFAULT_ORG_POLICY, retentionDays: { private: 30, shared: 90 }, ...over });
  const plan = (p: OrgPolicy, artifacts: RetentionCandidate[]) => retentionPlan({ now, policy: p, artifacts });

  it.each<[string, Partial<RetentionCandidate>, boolean]>([
    ['private, a day before its 30 days', { updatedAt: daysAgo(29) }, false],
    ['private, a millisecond before its 30 days', { updatedAt: new Date(now.getTime() - 30 * DAY_MS + 1).toISOString() }, false],
    ['private, exactly on its 30 days', { updatedAt: daysAgo(30) }, true],
    ['private, a day after its 30 days', { updatedAt: daysAgo(31) }, true],
    ['org-shared, a day before its 90 days', { visibility: 'org', updatedAt: daysAgo(89) }, false],
    ['org-shared, exactly on its 90 days', { visibility: 'org', updatedAt: daysAgo(90) }, true],
    ['org-shared, a day after its 90 days', { visibility: 'org', updatedAt: daysAgo(91) }, true],
    ['restricted counts as shared (45 days: past private, not shared)', { visibility: 'restricted', updatedAt: daysAgo(45) }, false],
    ['restricted, a day after 90 days', { visibility: 'restricted', updatedAt: daysAgo(91) }, true],
    ['legal hold, years past retention', { updatedAt: daysAgo(3_000), legalHold: true }, false],
    ['edited in the future (clock skew)', { updatedAt: daysAgo(-1) }, false],
  ])('%s → deleted: %s', (_name, over, deleted) => {
    expect(plan(policy(), [artifact('a', over)]).deleteArtifacts).toEqual(deleted ? ['a'] : []);
  });

  it('keeps forever with null days', () => {
    const forever = policy({ retentionDays: { private: null, shared: null } });
    expect(plan(forever, [artifact('a', { updatedAt: daysAgo(100_000) }), artifact('b', { visibility: 'org', updatedAt: daysAgo(100_000) })])).toEqual({
      deleteArtifacts: [],
      deleteVersions: [],
    });
    // One class forever, the other not.
    const sharedForever = policy({ retentionDays: { private: 30, shared: null } });
    expect(plan(sharedForever, [artifact('a', { updatedAt: daysAgo(31) }), artifact('b', { visibility: 'org', updatedAt: daysAgo(10_000) })]).deleteArtifacts).toEqual(['a']);
  });

  it.each<[string, number | null, number[], number[]]>([
    ['keeps the newest 3 of 5, deletes the oldest first', 3, [1, 2, 3, 4, 5], [1, 2]],
    ['any order in', 3, [5, 1, 4, 2, 3], [1, 2]],
    ['exactly N versions: nothing', 3, [1, 2, 3], []],
    ['fewer than N: nothing', 3, [7], []],
    ['gaps (deleted before) count by number', 2, [2, 9, 4], [2]],
    ['keep 1', 1, [1, 2, 3], [1, 2]],
    ['null keeps all', null, [1, 2, 3, 4, 5, 6], []],
  ])('keep-last-N: %s', (_name, keepVersions, versions, deleted) => {
    const result = plan(policy({ keepVersions }), [artifact('a', { versions })]);
    expect(result.deleteVersions).toEqual(deleted.map((version) => ({ artifactId: 'a', version })));
    expect(result.deleteArtifacts).toEqual([]);
  });

  it.each<[string, number, number[], number[], number[]]>([
    ['the newest before-restore version beyond N stays', 1, [1, 2, 3], [2], [1]],
    ['older before-restore versions go', 1, [1, 2, 3, 4, 5], [2, 4], [1, 2, 3]],
    ['one within N needs no extra', 2, [1, 2, 3], [3], [1]],
    ['none preserved: plain keep-last-N', 1, [1, 2, 3], [], [1, 2]],
  ])('keep-last-N never deletes the only copy of replaced live work: %s', (_name, keepVersions, versions, preservedVersions, deleted) => {
    const result = plan(policy({ keepVersions }), [artifact('a', { versions, preservedVersions })]);
    expect(result.deleteVersions).toEqual(deleted.map((version) => ({ artifactId: 'a', version })));
  });

  it('legal hold keeps every version too', () => {
    expect(plan(policy({ keepVersions: 1 }), [artifact('a', { versions: [1, 2, 3], legalHold: true })])).toEqual({ deleteArtifacts: [], deleteVersions: [] });
  });

  it('an expired artifact is deleted whole, not version by version', () => {
    expect(plan(policy({ keepVersions: 1 }), [artifact('a', { versions: [1, 2, 3], updatedAt: daysAgo(31) })])).toEqual({ deleteArtifacts: ['a'], deleteVersions: [] });
  });

  it('plans several artifacts at once', () => {
    const result = plan(policy({ keepVersions: 2 }), [
      artifact('old', { updatedAt: daysAgo(40) }),
      artifact('held', { updatedAt: daysAgo(40), legalHold: true, versions: [1, 2, 3] }),
      artifact('busy', { versions: [1, 2, 3] }),
      artifact('fresh', { updatedAt: daysAgo(1) }),
    ]);
    expect(result).toEqual({ deleteArtifacts: ['old'], deleteVersions: [{ artifactId: 'busy', version: 1 }] });
  });
});

describe('legalHoldRefuses: the one decision on removing held content', () => {
  it.each<[ContentRemoval, boolean, boolean]>([
    ['delete', true, true],
    ['hard-delete', true, true],
    ['retention', true, true],
    ['keep-last-n', true, true],
    // A restore first freezes the live state it replaces: nothing is discarded.
    ['restore', true, false],
    ['delete', false, false],
    ['hard-delete', false, false],
    ['retention', false, false],
    ['keep-last-n', false, false],
    ['restore', false, false],
  ])('%s with hold %s → refused %s', (removal, legalHold, refused) => {
    expect(legalHoldRefuses({ legalHold }, removal)).toBe(refused);
  });
});
