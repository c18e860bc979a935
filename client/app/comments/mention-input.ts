import { css, html, LitElement, nothing } from 'lit';
import { AGENT_MENTION, MAX_COMMENT_CHARS, mentionHandle } from '#shared/api';
import { commentsApi } from './comments-api.ts';

/** Wait this long after the last keystroke before asking the directory. */
const SUGGEST_DEBOUNCE_MS = 150;
const MAX_SUGGESTIONS = 6;

interface Suggestion {
  /** What goes after the @: the person's name handle (see mentionHandle), or `agent`. */
  handle: string;
  name: string;
}

/** The `@word` being typed just before the caret, or undefined. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | undefined {
  const match = /(^|[^\p{L}\p{N}_@.])@([\p{L}\p{N}_.-]{0,63})$/u.exec(text.slice(0, caret));
  if (!match) return undefined;
  return { start: caret - (match[2] as string).length - 1, query: (match[2] as string).toLowerCase() };
}

/**
 * A comment's text box with @mention suggestions from the org directory (and `@agent`): type
 * `@` and part of a name, pick with the arrow keys and Enter (or a click). Ctrl/⌘+Enter
 * submits. Fires `la-submit`; the text is in `value`.
 */
export class MentionInput extends LitElement {
  static override properties = {
    label: {},
    placeholder: {},
    value: { state: true },
    suggestions: { state: true },
    active: { state: true },
  };
  static override styles = css`
    :host { display: block; position: relative; }
    textarea {
      width: 100%; box-sizing: border-box; min-height: 64px; resize: vertical; padding: 8px 10px;
      font: inherit; font-size: 14px; color: var(--la-text, #1f2328); background: var(--la-bg, #fff);
      border: 1px solid var(--la-border, #d1d9e0); border-radius: 6px;
    }
    textarea:focus-visible { outline: 2px solid #0969da; outline-offset: 0; border-color: #0969da; }
    ul {
      position: absolute; left: 0; right: 0; top: 100%; z-index: 3; margin: 2px 0 0; padding: 4px 0; list-style: none;
      background: var(--la-bg, #fff); border: 1px solid var(--la-border, #d1d9e0); border-radius: 6px; box-shadow: 0 8px 24px rgba(31, 35, 40, 0.15);
    }
    li { padding: 6px 10px; cursor: pointer; font-size: 14px; }
    li[aria-selected='true'] { background: #ddf4ff; }
    li small { color: var(--la-muted, #59636e); margin-left: 6px; }
  `;

  declare label: string;
  declare placeholder: string;
  declare value: string;
  protected declare suggestions: Suggestion[];
  protected declare active: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lookup: AbortController | undefined;
  static #ids = 0;
  readonly #listId = `la-mentions-${++MentionInput.#ids}`;

  constructor() {
    super();
    this.label = 'Comment';
    this.placeholder = '';
    this.value = '';
    this.suggestions = [];
    this.active = 0;
  }

  override focus(): void {
    this.renderRoot.querySelector('textarea')?.focus();
  }

  clear(): void {
    this.value = '';
    this.suggestions = [];
  }

  protected override render(): unknown {
    const open = this.suggestions.length > 0;
    return html`<textarea
        aria-label=${this.label}
        placeholder=${this.placeholder}
        maxlength=${MAX_COMMENT_CHARS}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${this.#listId}
        aria-activedescendant=${open ? `${this.#listId}-${this.active}` : ''}
        .value=${this.value}
        @input=${this.#onInput}
        @keydown=${this.#onKeyDown}
        @blur=${() => setTimeout(() => (this.suggestions = []), 150)}
      ></textarea>
      ${open
        ? html`<ul id=${this.#listId} role="listbox" aria-label="People to mention">
            ${this.suggestions.map(
              (s, i) => html`<li id=${`${this.#listId}-${i}`} role="option" aria-selected=${i === this.active ? 'true' : 'false'} @mousedown=${(e: Event) => (e.preventDefault(), this.#pick(s))}>
                ${s.name}<small>@${s.handle}</small>
              </li>`,
            )}
          </ul>`
        : nothing}`;
  }

  #textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  #onInput(event: Event): void {
    const area = event.target as HTMLTextAreaElement;
    this.value = area.value;
    const at = mentionAt(area.value, area.selectionStart);
    clearTimeout(this.#timer);
    this.#lookup?.abort();
    if (!at) {
      this.suggestions = [];
      return;
    }
    this.#timer = setTimeout(() => void this.#suggest(at.query), SUGGEST_DEBOUNCE_MS);
  }

  async #suggest(query: string): Promise<void> {
    const lookup = (this.#lookup = new AbortController());
    const agent: Suggestion[] = AGENT_MENTION.startsWith(query) ? [{ handle: AGENT_MENTION, name: 'The agent' }] : [];
    try {
      const people = await commentsApi.people(query, lookup.signal);
      if (lookup.signal.aborted) return;
      this.suggestions = [...agent, ...people.map((p) => ({ handle: mentionHandle(p.name) || p.userId, name: p.name }))].slice(0, MAX_SUGGESTIONS);
    } catch {
      if (!lookup.signal.aborted) this.suggestions = agent;
    }
    this.active = 0;
  }

  #onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.dispatchEvent(new CustomEvent('la-submit'));
      return;
    }
    if (!this.suggestions.length) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const n = this.suggestions.length;
      this.active = (this.active + (event.key === 'ArrowDown' ? 1 : n - 1)) % n;
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      this.#pick(this.suggestions[this.active] as Suggestion);
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      this.suggestions = [];
    }
  }

  #pick(suggestion: Suggestion): void {
    const area = this.#textarea();
    if (!area) return;
    const at = mentionAt(area.value, area.selectionStart);
    if (!at) return;
    const inserted = `@${suggestion.handle} `;
    const next = area.value.slice(0, at.start) + inserted + area.value.slice(area.selectionStart);
    this.value = next;
    area.value = next;
    const caret = at.start + inserted.length;
    area.setSelectionRange(caret, caret);
    this.suggestions = [];
    area.focus();
  }
}

customElements.define('la-mention-input', MentionInput);

declare global {
  interface HTMLElementTagNameMap {
    'la-mention-input': MentionInput;
  }
}
