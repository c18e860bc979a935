import type { Principal } from './access.ts';

/**
 * Who may use the compliance API and the /audit page: auditors, of their own org only (the
 * server scopes every query to `principal.orgId`). A token without an org has nothing to audit.
 * Auditing is deliberately separate from authoring: an auditor sees everything of the org
 * (metadata, versions, the trail) without being able to edit any of it.
 */
export function canAudit(principal: Pick<Principal, 'roles' | 'orgId'>): boolean {
  return principal.orgId !== '' && principal.roles.includes('auditor');
}
