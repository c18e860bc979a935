import { describe, expect, it } from 'vitest';
import { can, type Action, type ArtifactAccess, type Principal } from './access.ts';

const alice: Principal = { userId: 'alice', name: 'Alice', orgId: 'acme', roles: ['artifact-author'], groups: [] };
const bob: Principal = { userId: 'bob', name: 'Bob', orgId: 'acme', roles: ['artifact-author'], groups: [] };
const viewer: Principal = { userId: 'vic', name: 'Vic', orgId: 'acme', roles: ['artifact-viewer'], groups: [] };
const carol: Principal = { userId: 'carol', name: 'Carol', orgId: 'globex', roles: ['artifact-author'], groups: [] };

const privateOfAlice: ArtifactAccess = { ownerId: 'alice', orgId: 'acme', visibility: 'private' };
const orgOfAlice: ArtifactAccess = { ownerId: 'alice', orgId: 'acme', visibility: 'org' };

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
];

describe('can', () => {
  it.each(table)('%s', (_name, principal, action, artifact, expected) => {
    expect(can(principal, action, artifact)).toBe(expected);
  });
});
