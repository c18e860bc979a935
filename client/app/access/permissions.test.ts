import { describe, expect, it } from 'vitest';
import type { ArtifactSummary, Me } from '../api/index.ts';
import { accessOf, permissionsFor, type ArtifactPermissions } from './permissions.ts';

const person = (userId: string, roles: Me['roles'], orgId = 'acme'): Me => ({ userId, name: userId, orgId, roles, groups: [] });
const alice = person('u-alice', ['artifact-author']);
const bob = person('u-bob', ['artifact-author']);
const vic = person('u-vic', ['artifact-viewer']);
const adam = person('u-adam', ['org-admin']);
const carol = person('u-carol', ['artifact-author'], 'globex');
/** Alice's own artifact, but she lost the author role. */
const aliceViewer = person('u-alice', ['artifact-viewer']);

const summary = (over: Partial<ArtifactSummary> = {}): ArtifactSummary => ({
  id: 'abcdefghijklmnop',
  title: 'T',
  kind: 'incident',
  owner: 'u-alice',
  ownerName: 'Alice Anders',
  orgId: 'acme',
  visibility: 'org',
  pinnedVersion: null,
  updatedAt: '2026-01-01T00:00:00Z',
  createdAt: '2026-01-01T00:00:00Z',
  latestVersion: 2,
  remixedFrom: null,
  yourShare: null,
  ...over,
});

const ALL: ArtifactPermissions = { publish: true, pin: true, restore: true, share: true, delete: true, readLive: true, edit: true, remix: true };
const READ_LIVE: ArtifactPermissions = { publish: false, pin: false, restore: false, share: false, delete: false, readLive: true, edit: false, remix: false };
const READ_PINNED: ArtifactPermissions = { ...READ_LIVE, readLive: false };
/** An editor: everything but sharing and deleting. */
const EDITOR: ArtifactPermissions = { ...ALL, share: false, delete: false };

describe('permissionsFor (the policies the server enforces)', () => {
  it.each<[string, Me, Partial<ArtifactSummary>, ArtifactPermissions]>([
    ['the owner, an author', alice, {}, ALL],
    ['the owner of a pinned artifact', alice, { pinnedVersion: 2 }, ALL],
    ['the owner without the author role', aliceViewer, {}, READ_LIVE],
    ['another author of the org', bob, {}, { ...READ_LIVE, remix: true }],
    ['an author shared with to view', bob, { visibility: 'restricted', yourShare: 'view' }, { ...READ_LIVE, remix: true }],
    ['an author shared with to edit', bob, { visibility: 'restricted', yourShare: 'edit' }, EDITOR],
    ['an editor of a pinned artifact', bob, { visibility: 'restricted', yourShare: 'edit', pinnedVersion: 2 }, EDITOR],
    ['a viewer', vic, { visibility: 'restricted', yourShare: 'view' }, READ_LIVE],
    ['a viewer shared with to edit (the role is the ceiling)', vic, { visibility: 'restricted', yourShare: 'edit' }, READ_LIVE],
    ['a viewer of a pinned artifact', vic, { pinnedVersion: 2 }, READ_PINNED],
    ['an org admin', adam, {}, READ_LIVE],
    ['someone of another org', carol, {}, { ...READ_LIVE, readLive: true }],
  ])('%s', (_name, me, over, expected) => {
    expect(permissionsFor(me, summary(over))).toEqual(expected);
  });

  it('maps the summary row to the policy input', () => {
    expect(accessOf(summary({ visibility: 'private', pinnedVersion: 3 }))).toEqual({ ownerId: 'u-alice', orgId: 'acme', visibility: 'private', pinnedVersion: 3 });
    expect(accessOf(summary({ visibility: 'restricted', yourShare: 'edit' }), bob)).toMatchObject({ sharedUsers: ['u-bob'], editorUsers: ['u-bob'] });
  });

  it('offers nothing when the org policy has the feature off', () => {
    const off = { ...alice, policy: { enabled: false, orgWideSharing: 'everyone' as const, comments: true } };
    expect(permissionsFor(off, summary())).toEqual({ ...READ_LIVE, readLive: true });
    expect(permissionsFor({ ...alice, policy: { enabled: true, orgWideSharing: 'admins', comments: true } }, summary())).toEqual(ALL);
  });

  it('never lets someone of another org edit, even with the owner id', () => {
    const impostor = person('u-alice', ['artifact-author'], 'globex');
    expect(permissionsFor(impostor, summary()).publish).toBe(false);
    expect(permissionsFor(impostor, summary()).share).toBe(false);
  });
});
