import { html, type TemplateResult } from 'lit';
import type * as Y from 'yjs';
import './markdown-editor.ts';

/**
 * A markdown section for an editor: the rendered text with an "Edit text" control, or, while
 * editing, the collaborative editor on its Y.Text with a "Done" control. Every keystroke is a
 * Yjs change sent like any other, so there is nothing to "save" on Done: it only closes.
 */
export function renderMarkdownEditing(
  rendered: TemplateResult,
  state: { editing: boolean; text: Y.Text | undefined; open(): void; close(): void },
): TemplateResult {
  return html`<div class="section-edit">
    <div class="section-edit__bar">
      ${state.editing
        ? html`<button type="button" class="button button--quiet" data-testid="edit-done" @click=${() => state.close()}>Done</button>`
        : html`<button type="button" class="button button--quiet" data-testid="edit-text" @click=${() => state.open()}>Edit text</button>`}
    </div>
    ${state.editing && state.text ? html`<la-markdown-editor class="section-edit__editor" .text=${state.text}></la-markdown-editor>` : rendered}
  </div>`;
}
