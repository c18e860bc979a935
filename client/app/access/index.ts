export { loadArtifactAccess, type ArtifactAccessInfo } from './artifact-access.ts';
export { currentUser, forgetCurrentUser } from './current-user.ts';
export { initials, orgName } from './names.ts';
export { accessOf, NO_PERMISSIONS, permissionsFor, policyOf, principalOf, type ArtifactPermissions } from './permissions.ts';
