import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { orgName } from '../access/index.ts';
import type { Directory } from '../api/index.ts';
import type { Loadable } from '../chrome/index.ts';
import { roleOf, toggled, withRole, type ShareForm, type ShareRole } from './sharing-form.ts';

export interface PickerProps {
  form: ShareForm;
  saving: boolean;
  orgId: string;
  /** Left out of the people to pick: the owner always sees their artifact. */
  ownerId: string;
  directory: Loadable<Directory>;
  /** Names of people seen in any directory answer, so ticked people keep their name while a search hides them. */
  names: ReadonlyMap<string, string>;
  search: (q: string) => void;
  change: (form: ShareForm) => void;
}

/**
 * "can view" / "can edit" beside a ticked person or group. Editors edit, publish, pin and
 * restore; only the owner shares and deletes (policies/decide.ts), which the hint says.
 */
function roleSelect(form: ShareForm, kind: 'users' | 'groups', subject: string, name: string, change: (form: ShareForm) => void): TemplateResult | typeof nothing {
  if (!form[kind].includes(subject)) return nothing;
  const testid = `share-role-${kind === 'users' ? 'person' : 'group'}-${subject}`;
  return html`<select
    class="input share-option__role"
    data-testid=${testid}
    aria-label=${`What ${name} may do`}
    title="Editors may edit, publish, pin and restore; only you share and delete"
    .value=${roleOf(form, kind, subject)}
    @change=${(e: Event) => change(withRole(form, kind, subject, (e.target as HTMLSelectElement).value as ShareRole))}
  >
    <option value="view" ?selected=${roleOf(form, kind, subject) === 'view'}>can view</option>
    <option value="edit" ?selected=${roleOf(form, kind, subject) === 'edit'}>can edit</option>
  </select>`;
}

/**
 * The people and groups of the artifact's org to share with (for "Specific people and groups"),
 * with a search of the directory, each ticked one to view or to edit. Ticked people and groups
 * stay listed (and untickable) even when a search leaves them out.
 */
export function renderSharePicker({ form, saving, orgId, ownerId, directory, names, search, change }: PickerProps): TemplateResult {
  const found = directory.phase === 'loaded' ? directory.value : { people: [], groups: [] };
  const foundIds = new Set(found.people.map((p) => p.userId));
  const people = [
    ...form.users.filter((id) => !foundIds.has(id)).map((userId) => ({ userId, name: names.get(userId) ?? userId })),
    ...found.people,
  ].filter((p) => p.userId !== ownerId);
  const groups = [...form.groups.filter((g) => !found.groups.includes(g)), ...found.groups];
  return html`<div class="share-picker">
    <label class="share-picker__label" for="share-search">Find people and groups of ${orgName(orgId)}</label>
    <input
      id="share-search"
      class="input share-picker__search"
      type="search"
      autocomplete="off"
      placeholder="Name or group"
      data-testid="share-search"
      ?disabled=${saving}
      @input=${(e: Event) => search((e.target as HTMLInputElement).value.trim())}
      @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && e.preventDefault()}
    />
    ${directory.phase === 'error'
      ? html`<p class="share-dialog__status share-dialog__status--error" role="alert" data-testid="share-directory-error">Could not load people and groups: ${directory.error.message}</p>`
      : nothing}
    <div class="share-picker__lists" aria-busy=${directory.phase === 'loading' ? 'true' : 'false'}>
      <fieldset class="share-picker__group" ?disabled=${saving}>
        <legend>People</legend>
        ${people.length === 0
          ? html`<p class="muted share-picker__empty">${directory.phase === 'loading' ? 'Loading…' : 'Nobody matches.'}</p>`
          : repeat(
              people,
              (p) => p.userId,
              (p) => html`<div class="share-option__row">
                <label class="share-option">
                  <input
                    type="checkbox"
                    data-testid=${`share-person-${p.userId}`}
                    .checked=${form.users.includes(p.userId)}
                    @change=${() => change({ ...form, users: toggled(form.users, p.userId) })}
                  />
                  <span>${p.name}</span>
                </label>
                ${roleSelect(form, 'users', p.userId, p.name, change)}
              </div>`,
            )}
      </fieldset>
      <fieldset class="share-picker__group" ?disabled=${saving}>
        <legend>Groups</legend>
        ${groups.length === 0
          ? html`<p class="muted share-picker__empty">${directory.phase === 'loading' ? 'Loading…' : 'No groups match.'}</p>`
          : repeat(
              groups,
              (g) => g,
              (g) => html`<div class="share-option__row">
                <label class="share-option">
                  <input
                    type="checkbox"
                    data-testid=${`share-group-${g}`}
                    .checked=${form.groups.includes(g)}
                    @change=${() => change({ ...form, groups: toggled(form.groups, g) })}
                  />
                  <span>${g}</span>
                </label>
                ${roleSelect(form, 'groups', g, g, change)}
              </div>`,
            )}
      </fieldset>
    </div>
    <p class="share-picker__roles muted" data-testid="share-roles-hint">
      <strong>can edit</strong>: edit, publish, pin and restore. Only you share and delete. People whose role in ${orgName(orgId)} is read-only stay viewers.
    </p>
  </div>`;
}
