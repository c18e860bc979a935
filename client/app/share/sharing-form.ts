import type { ArtifactsError, Sharing, SharingInput } from '../api/index.ts';
import { orgName } from '../access/names.ts';

/**
 * The share dialog's state and the pure rules around it: labels, the request it sends, and how
 * failures read. People and groups stay ticked while another visibility is chosen, so switching
 * back and forth loses nothing; only `restricted` sends them (the server refuses them otherwise).
 * Each ticked person and group is shared to view or to edit.
 */
export interface ShareForm {
  visibility: Sharing['visibility'];
  /** User ids, in the order they were ticked. */
  users: readonly string[];
  groups: readonly string[];
  /** Who of them may edit: kept while unticked, so ticking again restores the role; only ticked ones are sent. */
  editors: { users: readonly string[]; groups: readonly string[] };
}

export type ShareRole = 'view' | 'edit';

export function formOf(sharing: Sharing): ShareForm {
  return { visibility: sharing.visibility, users: [...sharing.users], groups: [...sharing.groups], editors: { users: [...sharing.editors.users], groups: [...sharing.editors.groups] } };
}

export function sharingRequest(form: ShareForm): SharingInput {
  if (form.visibility !== 'restricted') return { visibility: form.visibility };
  const users = [...new Set(form.users)];
  const groups = [...new Set(form.groups)];
  const editors = { users: users.filter((u) => form.editors.users.includes(u)), groups: groups.filter((g) => form.editors.groups.includes(g)) };
  return { visibility: 'restricted', users, groups, ...(editors.users.length || editors.groups.length ? { editors } : {}) };
}

/** The role of a ticked person (`users`) or group (`groups`). */
export function roleOf(form: ShareForm, kind: 'users' | 'groups', subject: string): ShareRole {
  return form.editors[kind].includes(subject) ? 'edit' : 'view';
}

/** The form with `subject`'s role set. */
export function withRole(form: ShareForm, kind: 'users' | 'groups', subject: string, role: ShareRole): ShareForm {
  const others = form.editors[kind].filter((x) => x !== subject);
  return { ...form, editors: { ...form.editors, [kind]: role === 'edit' ? [...others, subject] : others } };
}

/** Whether saving `form` would change what was saved (compared as requests, order ignored). */
export function isChanged(form: ShareForm, saved: Sharing): boolean {
  const a = sharingRequest(form);
  const b = sharingRequest(formOf(saved));
  if (a.visibility !== b.visibility) return true;
  if (a.visibility !== 'restricted' || b.visibility !== 'restricted') return false;
  return (
    !sameSet(a.users ?? [], b.users ?? []) ||
    !sameSet(a.groups ?? [], b.groups ?? []) ||
    !sameSet(a.editors?.users ?? [], b.editors?.users ?? []) ||
    !sameSet(a.editors?.groups ?? [], b.editors?.groups ?? [])
  );
}

/** Adds `item` when it is missing, removes it when present. */
export function toggled(list: readonly string[], item: string): string[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** Short words for the toolbar: "Private", "Everyone in Acme", "3 people, 1 group (1 can edit)". */
export function visibilityLabel(sharing: Pick<Sharing, 'visibility' | 'users' | 'groups'> & { editors?: Sharing['editors'] }, orgId: string): string {
  switch (sharing.visibility) {
    case 'private':
      return 'Private';
    case 'org':
      return `Everyone in ${orgName(orgId)}`;
    case 'restricted': {
      const parts = [count(sharing.users.length, 'person', 'people'), count(sharing.groups.length, 'group', 'groups')].filter(Boolean);
      const editors = (sharing.editors?.users.length ?? 0) + (sharing.editors?.groups.length ?? 0);
      return parts.length ? `${parts.join(', ')}${editors ? ` (${editors} can edit)` : ''}` : 'Only you';
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
  if (error.status === 403) return 'Only the owner can change who sees or edits this artifact.';
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
