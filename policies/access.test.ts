import { describe, expect, it } from 'vitest';
import type { Action, ArtifactAccess, Principal } from './access.ts';
import { decide } from './decide.ts';
import { DEFAULT_ORG_POLICY } from './governance.ts';

/** Whether decide allows, under the default policy (feature on). */
const can = (principal: Principal, action: Action, artifact?: ArtifactAccess) => decide(principal, action, artifact, DEFAULT_ORG_POLICY).allow;

const alice: Principal = { userId: 'alice', name: 'Alice', orgId: 'acme', roles: ['artifact-author'], groups: [] };
const bob: Principal = { userId: 'bob', name: 'Bob', orgId: 'acme', roles: ['artifact-author'], groups: [] };
const viewer: Principal = { userId: 'vic', name: 'Vic', orgId: 'acme', roles: ['artifact-viewer'], groups: [] };
const carol: Principal = { userId: 'carol', name: 'Carol', orgId: 'globex', roles: ['artifact-author'], groups: [] };

const privateOfAlice: ArtifactAccess = { ownerId: 'alice', orgId: 'acme', visibility: 'private' };
const orgOfAlice: ArtifactAccess = { ownerId: 'alice', orgId: 'acme', visibility: 'org' };
const pinnedOrgOfAlice: ArtifactAccess = { ...orgOfAlice, pinnedVersion: 3 };
const restrictedToBob: ArtifactAccess = { ownerId: 'alice', orgId: 'acme', visibility: 'restricted', sharedUsers: ['bob'], sharedGroups: [] };
const restrictedToSre: ArtifactAccess = { ownerId: 'alice', orgId: 'acme', visibility: 'restricted', sharedUsers: [], sharedGroups: ['sre'] };
const dave: Principal = { userId: 'dave', name: 'Dave', orgId: 'acme', roles: ['artifact-viewer'], groups: ['sre'] };
const adam: Principal = { userId: 'adam', name: 'Adam', orgId: 'acme', roles: ['org-admin'], groups: [] };
const carolAsBob: Principal = { ...carol, userId: 'bob' };
const carolInSre: Principal = { ...carol, groups: ['sre'] };

const table: [string, Principal, Action, ArtifactAccess | undefined, boolean][] = [
  ['author creates', alice, 'create', undefined, true],
  ['viewer cannot create', viewer, 'create', undefined, false],
  ['owner reads private', alice, 'read', privateOfAlice, true],
  ['owner edits private', alice, 'edit', privateOfAlice, true],
  ['owner deletes', alice, 'delete', privateOfAlice, true],
  ['colleague cannot read private', bob, 'read', privateOfAlice, false],
  ['colleague reads org-shared', bob, 'read', orgOfAlice, true],
  ['colleague cannot edit org-shared', bob, 'edit', orgOfAlice, false],
  ['colleague cannot delete org-shared', bob, 'delete', orgOfAlice, false],
  ['other org cannot read org-shared', carol, 'read', orgOfAlice, false],
  ['other org cannot read private', carol, 'read', privateOfAlice, false],
  ['read without artifact is refused', alice, 'read', undefined, false],
  ['colleague sees the live document when not pinned', bob, 'read-live', orgOfAlice, true],
  ['colleague does not see the live document when pinned', bob, 'read-live', pinnedOrgOfAlice, false],
  ['colleague still reads a pinned artifact (its version)', bob, 'read', pinnedOrgOfAlice, true],
  ['owner sees the live document when pinned', alice, 'read-live', pinnedOrgOfAlice, true],
  ['other org never sees the live document', carol, 'read-live', orgOfAlice, false],
  ['named user reads a restricted artifact', bob, 'read', restrictedToBob, true],
  ['named user cannot edit a restricted artifact', bob, 'edit', restrictedToBob, false],
  ['unnamed colleague cannot read a restricted artifact', viewer, 'read', restrictedToBob, false],
  ['group member reads an artifact shared with the group', dave, 'read', restrictedToSre, true],
  ['non-member cannot read an artifact shared with a group', bob, 'read', restrictedToSre, false],
  ['same user id in another org cannot read', carolAsBob, 'read', restrictedToBob, false],
  ['same group name in another org cannot read', carolInSre, 'read', restrictedToSre, false],
  ['org-admin does not read private artifacts of others', adam, 'read', privateOfAlice, false],
  ['org-admin reads org-shared artifacts like anyone', adam, 'read', orgOfAlice, true],
  ['an owner who lost the author role cannot edit', { ...alice, roles: ['artifact-viewer'] }, 'edit', privateOfAlice, false],
];

describe('can', () => {
  it.each(table)('%s', (_name, principal, action, artifact, expected) => {
    expect(can(principal, action, artifact)).toBe(expected);
  });
});
