import { html, nothing, type TemplateResult } from 'lit';
import type { ChecklistSection } from '#shared/schema';

/**
 * A checklist an editor can tick: the same markup and classes as the shared renderer's (so it
 * looks the same live and frozen), with live checkboxes. A click changes the document; the box
 * shows the document's value, so a refused change does not stay ticked.
 */
export function renderEditableChecklist(section: ChecklistSection, setDone: (itemId: string, done: boolean) => void): TemplateResult {
  const items = Array.isArray(section.items) ? section.items : [];
  const done = items.filter((item) => item.done === true).length;
  const percent = items.length ? Math.round((done / items.length) * 100) : 0;
  const title = typeof section.title === 'string' ? section.title : '';
  // The shared renderer's wrapper and heading (renderSection), around a checklist that ticks.
  return html`<div class="la-section__body la-section--checklist">
    ${title ? html`<h2 class="la-section__title">${title}</h2>` : nothing}
    <div class="la-checklist la-checklist--editable">
    <div class="la-checklist__summary">
      <span>${done} of ${items.length} done</span>
      <span class="la-progress" aria-hidden="true"><span class="la-progress__bar" style=${`width:${percent}%`}></span></span>
    </div>
    <ul class="la-checklist__items">
      ${items.map(
        (item) => html`<li class="la-checklist__item ${item.done === true ? 'is-done' : ''}" data-item-id=${item.id}>
          <label class="la-checklist__label">
            <input
              class="la-checklist__box"
              type="checkbox"
              .checked=${item.done === true}
              @change=${(e: Event) => setDone(item.id, (e.target as HTMLInputElement).checked)}
            />
            <span class="la-checklist__text">${item.text}</span>
          </label>
          ${item.owner ? html`<span class="la-badge la-badge--owner">${item.owner}</span>` : nothing}
        </li>`,
      )}
    </ul>
  </div></div>`;
}
