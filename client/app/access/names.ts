/**
 * An org id as people read it. Keycloak organization aliases are lower-case words (`acme`,
 * `globex-eng`); those get a capital letter. Anything else (a UUID) is shown as it is.
 */
export function orgName(orgId: string): string {
  if (!/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/.test(orgId)) return orgId;
  return orgId.charAt(0).toUpperCase() + orgId.slice(1);
}

/** "Alice Anders" → "AA", for the avatar; one name → its first letter. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => Array.from(w as string)[0]?.toUpperCase() ?? '').join('') || '?';
}
