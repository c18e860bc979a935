import { describe, expect, it } from 'vitest';
import { ArtifactsError, type Sharing } from '../../sdk/index.ts';
import { formOf, isChanged, roleOf, savedSentence, shareErrorText, sharingRequest, toggled, visibilityLabel, withRole } from './sharing-form.ts';

const none = { users: [], groups: [] };
const restricted = (users: string[], groups: string[] = [], editors: Sharing['editors'] = none): Sharing => ({ visibility: 'restricted', users, groups, editors });

describe('share dialog rules', () => {
  it.each<[Pick<Sharing, 'visibility' | 'users' | 'groups'>, string]>([
    [{ visibility: 'private', users: [], groups: [] }, 'Private'],
    [{ visibility: 'org', users: [], groups: [] }, 'Everyone in Acme'],
    [restricted(['a', 'b', 'c'], ['sre']), '3 people, 1 group'],
    [restricted(['a']), '1 person'],
    [restricted([], ['sre', 'ops']), '2 groups'],
    [restricted([]), 'Only you'],
    [restricted(['a', 'b'], ['sre'], { users: ['a'], groups: ['sre'] }), '2 people, 1 group (2 can edit)'],
  ])('labels %j as %j', (sharing, label) => {
    expect(visibilityLabel(sharing, 'acme')).toBe(label);
  });

  it('sends people and groups only with restricted, without duplicates', () => {
    const form = { visibility: 'restricted' as const, users: ['u1', 'u2', 'u1'], groups: ['sre'], editors: none };
    expect(sharingRequest(form)).toEqual({ visibility: 'restricted', users: ['u1', 'u2'], groups: ['sre'] });
    expect(sharingRequest({ ...form, visibility: 'org' })).toEqual({ visibility: 'org' });
    expect(sharingRequest({ ...form, visibility: 'private' })).toEqual({ visibility: 'private' });
  });

  it('keeps ticked people while another visibility is chosen, so switching back loses nothing', () => {
    const form = { ...formOf(restricted(['u1'], ['sre'])), visibility: 'org' as const };
    expect(sharingRequest({ ...form, visibility: 'restricted' })).toEqual({ visibility: 'restricted', users: ['u1'], groups: ['sre'] });
  });

  it('knows when there is something to save', () => {
    const saved = restricted(['u1', 'u2'], ['sre']);
    expect(isChanged(formOf(saved), saved)).toBe(false);
    expect(isChanged({ ...formOf(saved), users: ['u2', 'u1'] }, saved)).toBe(false);
    expect(isChanged({ ...formOf(saved), users: ['u1'] }, saved)).toBe(true);
    expect(isChanged({ ...formOf(saved), groups: [] }, saved)).toBe(true);
    expect(isChanged({ ...formOf(saved), visibility: 'org' }, saved)).toBe(true);
    expect(isChanged(withRole(formOf(saved), 'users', 'u1', 'edit'), saved)).toBe(true);
    expect(isChanged(withRole(withRole(formOf(saved), 'users', 'u1', 'edit'), 'users', 'u1', 'view'), saved)).toBe(false);
    const org: Sharing = { visibility: 'org', users: [], groups: [], editors: none };
    // People ticked under "org" are not sent, so they change nothing.
    expect(isChanged({ ...formOf(org), users: ['u1'] }, org)).toBe(false);
  });

  it('sends the editors among the ticked people and groups, and keeps a role while its subject is unticked', () => {
    let form = withRole(withRole(formOf(restricted(['u1', 'u2'], ['sre'])), 'users', 'u2', 'edit'), 'groups', 'sre', 'edit');
    expect([roleOf(form, 'users', 'u1'), roleOf(form, 'users', 'u2'), roleOf(form, 'groups', 'sre')]).toEqual(['view', 'edit', 'edit']);
    expect(sharingRequest(form)).toEqual({ visibility: 'restricted', users: ['u1', 'u2'], groups: ['sre'], editors: { users: ['u2'], groups: ['sre'] } });
    form = { ...form, users: ['u1'] };
    expect(sharingRequest(form)).toEqual({ visibility: 'restricted', users: ['u1'], groups: ['sre'], editors: { users: [], groups: ['sre'] } });
    expect(roleOf({ ...form, users: ['u1', 'u2'] }, 'users', 'u2')).toBe('edit');
    expect(formOf(restricted(['u1'], [], { users: ['u1'], groups: [] })).editors).toEqual({ users: ['u1'], groups: [] });
  });

  it('toggles a pick', () => {
    expect(toggled(['a', 'b'], 'a')).toEqual(['b']);
    expect(toggled(['a'], 'b')).toEqual(['a', 'b']);
  });

  it('says who sees the artifact after a save', () => {
    expect(savedSentence({ visibility: 'org', users: [], groups: [], editors: none }, 'acme')).toBe('Saved. Everyone in Acme can see this artifact.');
    expect(savedSentence(restricted(['u1'], ['sre']), 'acme')).toBe('Saved. Shared with 1 person, 1 group.');
    expect(savedSentence(restricted([]), 'acme')).toMatch(/only you/);
  });

  it.each<[ArtifactsError, RegExp]>([
    [new ArtifactsError('only the owner', 403, 'forbidden'), /Only the owner/],
    [new ArtifactsError('gone', 404, 'not_found'), /no longer exists/],
    [new ArtifactsError('down', 0, 'network_error'), /Cannot reach the server/],
    [new ArtifactsError('users and groups apply only to visibility "restricted"', 400, 'invalid_request'), /^Not saved: users and groups/],
  ])('words %s', (error, text) => {
    expect(shareErrorText(error)).toMatch(text);
  });
});
