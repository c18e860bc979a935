import { html, nothing, type TemplateResult } from 'lit';
import type { ChecklistSection } from '../schema/types.ts';

export function renderChecklist(section: ChecklistSection): TemplateResult {
  const items = Array.isArray(section.items) ? section.items : [];
  const done = items.filter((item) => item.done === true).length;
  const percent = items.length ? Math.round((done / items.length) * 100) : 0;
  return html`<div class="la-checklist">
    <div class="la-checklist__summary">
      <span>${done} of ${items.length} done</span>
      <span class="la-progress" aria-hidden="true">
        <span class="la-progress__bar" style=${`width:${percent}%`}></span>
      </span>
    </div>
    <ul class="la-checklist__items">
      ${items.map(
        (item) => html`<li class="la-checklist__item ${item.done === true ? 'is-done' : ''}">
          <label class="la-checklist__label">
            <input class="la-checklist__box" type="checkbox" disabled ?checked=${item.done === true}>
            <span class="la-checklist__text">${item.text}</span>
          </label>
          ${item.owner ? html`<span class="la-badge la-badge--owner">${item.owner}</span>` : nothing}
        </li>`,
      )}
    </ul>
  </div>`;
}
