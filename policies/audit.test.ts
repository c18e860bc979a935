import { describe, expect, it } from 'vitest';
import type { Principal } from './access.ts';
import { canAudit } from './audit.ts';

const base: Principal = { userId: 'u', name: 'U', orgId: 'acme', roles: [], groups: [] };

describe('canAudit', () => {
  it.each<[string, Principal, boolean]>([
    ['auditor of an org', { ...base, roles: ['auditor'] }, true],
    ['auditor who is also an author', { ...base, roles: ['artifact-author', 'auditor'] }, true],
    ['author', { ...base, roles: ['artifact-author'] }, false],
    ['viewer', { ...base, roles: ['artifact-viewer'] }, false],
    ['org admin (governs, does not audit)', { ...base, roles: ['org-admin'] }, false],
    ['no roles', base, false],
    ['auditor without an org', { ...base, orgId: '', roles: ['auditor'] }, false],
  ])('%s → %s', (_name, principal, expected) => {
    expect(canAudit(principal)).toBe(expected);
  });
});
