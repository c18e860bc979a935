import type { ArtifactsError, Sharing, SharingInput } from '../api/index.ts';
import { orgName } from '../access/names.ts';

/**
 * The share dialog's state and the pure rules around it: labels, the request it sends, and how
 * failures read. People and groups stay ticked while another visibility is chosen, so switching
 * back and forth loses nothing; only `restricted` sends them (the server refuses them otherwise).
 */
export interface ShareForm {
  visibility: Sharing['visibility'];
  /** User ids, in the order they were ticked. */
  users: readonly string[];
  groups: readonly string[];
}

export function formOf(sharing: Sharing): ShareForm {
  return { visibility: sharing.visibility, users: [...sharing.users], groups: [...sharing.groups] };
}

export function sharingRequest(form: ShareForm): SharingInput {
  if (form.visibility !== 'restricted') return { visibility: form.visibility };
  return { visibility: 'restricted', users: [...new Set(form.users)], groups: [...new Set(form.groups)] };
}

/** Whether saving `form` would change what was saved (compared as requests, order ignored). */
export function isChanged(form: ShareForm, saved: Sharing): boolean {
  const a = sharingRequest(form);
  const b = sharingRequest(formOf(saved));
  if (a.visibility !== b.visibility) return true;
  if (a.visibility !== 'restricted' || b.visibility !== 'restricted') return false;
  return !sameSet(a.users ?? [], b.users ?? []) || !sameSet(a.groups ?? [], b.groups ?? []);
}

/** Adds `item` when it is missing, removes it when present. */
export function toggled(list: readonly string[], item: string): string[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** Short words for the toolbar: "Private", "Everyone in Acme", "3 people, 1 group". */
export function visibilityLabel(sharing: Pick<Sharing, 'visibility' | 'users' | 'groups'>, orgId: string): string {
  switch (sharing.visibility) {
    case 'private':
      return 'Private';
    case 'org':
      return `Everyone in ${orgName(orgId)}`;
    case 'restricted': {
      const parts = [count(sharing.users.length, 'person', 'people'), count(sharing.groups.length, 'group', 'groups')].filter(Boolean);
      return parts.length ? parts.join(', ') : 'Only you';
    }
  }
}

/** One sentence for the dialog after a save: who can see the artifact now. */
export function savedSentence(sharing: Sharing, orgId: string): string {
  switch (sharing.visibility) {
    case 'private':
      return 'Saved. Only you can see this artifact.';
    case 'org':
      return `Saved. Everyone in ${orgName(orgId)} can see this artifact.`;
    case 'restricted':
      return sharing.users.length || sharing.groups.length
        ? `Saved. Shared with ${visibilityLabel(sharing, orgId)}.`
        : 'Saved. Nobody is picked, so only you can see this artifact.';
  }
}

export function shareErrorText(error: ArtifactsError): string {
  if (error.status === 403) return 'Only the owner can change who sees this artifact.';
  if (error.status === 404) return 'This artifact no longer exists, or you lost access to it.';
  if (error.status === 0) return 'Cannot reach the server. Nothing was changed; try again.';
  return `Not saved: ${error.message}`;
}

function count(n: number, one: string, many: string): string {
  return n === 0 ? '' : `${n} ${n === 1 ? one : many}`;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
}
