import type { MarkdownIt, Token } from 'markdown-it';

/** `[ ] ` or `[x] ` at the very start of a list item's first paragraph. */
const TASK_MARK = /^\[([ xX])\]\s+/;

/**
 * GitHub-style task lists (`- [ ] todo`, `- [x] done`) as a small core rule: no well-kept
 * plugin is installed, and this is a dozen lines. The box is a disabled checkbox rendered by
 * our own token type, so no raw HTML ever passes through (markdown-it's `html` stays off);
 * the item's text stays in markdown-it's own escaped inline tokens.
 */
export function taskLists(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'la_task_lists', (state) => {
    const tokens = state.tokens;
    for (let i = 2; i < tokens.length; i++) {
      const inline = tokens[i];
      const item = tokens[i - 2];
      if (inline?.type !== 'inline' || tokens[i - 1]?.type !== 'paragraph_open' || item?.type !== 'list_item_open') continue;
      const first = inline.children?.[0];
      const match = first?.type === 'text' ? TASK_MARK.exec(first.content) : null;
      if (!first || !match) continue;
      first.content = first.content.slice(match[0].length);
      const box = new state.Token('la_task_box', 'input', 0);
      box.meta = { done: match[1] !== ' ' };
      inline.children?.unshift(box);
      item.attrJoin('class', 'la-task');
      const list = findListOpen(tokens, i - 2, item.level - 1);
      list?.attrSet('class', 'la-tasklist');
    }
    return false;
  });
  md.renderer.rules['la_task_box'] = (tokens, idx) => {
    const done = (tokens[idx]?.meta as { done?: boolean } | undefined)?.done === true;
    // Disabled: the reader sees the state; ticking is done through checklists or ops.
    return `<input type="checkbox" class="la-task__box" disabled${done ? ' checked' : ''} aria-label="${done ? 'done' : 'not done'}"> `;
  };
}

function findListOpen(tokens: readonly Token[], from: number, level: number): Token | undefined {
  for (let j = from; j >= 0; j--) {
    const t = tokens[j];
    if (t && t.level === level && (t.type === 'bullet_list_open' || t.type === 'ordered_list_open')) return t;
  }
  return undefined;
}
