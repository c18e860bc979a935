import { html, type TemplateResult } from 'lit';
import { AUDIT_ACTIONS, type AuditFilters } from './audit-filters.ts';

/** The filters as the form holds them; an action the menu does not offer counts as "all". */
export function filtersOfForm(form: FormData): AuditFilters {
  const text = (name: string) => String(form.get(name) ?? '');
  return {
    action: AUDIT_ACTIONS.find((a) => a === text('action')) ?? '',
    actor: text('actor'),
    artifact: text('artifact'),
    fromDate: text('from'),
    toDate: text('to'),
  };
}

/**
 * The event filters of the /audit page. The form keeps its own values (uncontrolled), so what
 * was typed survives a reload of the list; "Apply" hands them over, "Clear" empties the form.
 */
export function renderFilterForm(apply: (filters: AuditFilters) => void, clear: () => void): TemplateResult {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    apply(filtersOfForm(new FormData(event.target as HTMLFormElement)));
  };
  const reset = (event: Event) => {
    (event.target as HTMLElement).closest('form')?.reset();
    clear();
  };
  return html`<form class="filters audit-filters" @submit=${submit} data-testid="audit-filters">
    <label class="audit-filters__field"
      ><span class="audit-filters__label">Action</span>
      <select class="select" name="action" data-testid="filter-action">
        <option value="">All actions</option>
        ${AUDIT_ACTIONS.map((a) => html`<option value=${a}>${a}</option>`)}
      </select></label
    >
    <label class="audit-filters__field"
      ><span class="audit-filters__label">Actor (user id)</span><input class="input" name="actor" autocomplete="off" data-testid="filter-actor"
    /></label>
    <label class="audit-filters__field"
      ><span class="audit-filters__label">Artifact id</span><input class="input" name="artifact" autocomplete="off" data-testid="filter-artifact"
    /></label>
    <label class="audit-filters__field"
      ><span class="audit-filters__label">From</span><input class="input" type="date" name="from" data-testid="filter-from"
    /></label>
    <label class="audit-filters__field"
      ><span class="audit-filters__label">To</span><input class="input" type="date" name="to" data-testid="filter-to"
    /></label>
    <span class="audit-filters__actions">
      <button class="button button--small" type="submit" data-testid="apply-filters">Apply</button>
      <button class="button button--quiet button--small" type="button" @click=${reset}>Clear</button>
    </span>
  </form>`;
}
