import { defaultKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { LitElement } from 'lit';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import * as Y from 'yjs';

/**
 * A markdown section's text in CodeMirror 6, bound to its Y.Text by y-codemirror.next, so two
 * editors typing at once converge like any two Yjs replicas. No awareness is passed: remote
 * cursors would need client-written presence fields, which the server drops by design. Undo
 * covers this editor's own typing only (a Y.UndoManager on the text).
 */
export class MarkdownEditor extends LitElement {
  static override properties = { text: { attribute: false }, label: { attribute: false } };

  declare text: Y.Text | undefined;
  declare label: string;
  #view: EditorView | undefined;
  #boundTo: Y.Text | undefined;

  constructor() {
    super();
    this.label = 'Section text';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unbind();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.#bind();
  }

  protected override updated(): void {
    this.#bind();
  }

  /** Focuses the text (after opening the editor). */
  override focus(): void {
    this.#view?.focus();
  }

  #bind(): void {
    const text = this.text;
    if (text === this.#boundTo && this.#view) return;
    this.#unbind();
    if (!text) return;
    const undoManager = new Y.UndoManager(text);
    this.#view = new EditorView({
      parent: this,
      state: EditorState.create({
        doc: text.toString(),
        extensions: [
          keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
          markdown(),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': this.label, 'aria-multiline': 'true' }),
          yCollab(text, null, { undoManager }),
        ],
      }),
    });
    this.#boundTo = text;
  }

  #unbind(): void {
    this.#view?.destroy();
    this.#view = undefined;
    this.#boundTo = undefined;
  }
}

customElements.define('la-markdown-editor', MarkdownEditor);

declare global {
  interface HTMLElementTagNameMap {
    'la-markdown-editor': MarkdownEditor;
  }
}
