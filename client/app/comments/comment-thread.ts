import { html, nothing, type TemplateResult } from 'lit';
import { MENTION_PATTERN, type Comment, type CommentThread } from '#shared/api';

/** What a thread's view may do, as the panel wires it. */
export interface ThreadActions {
  userId: string;
  ownerId: string;
  editing: string | undefined;
  busy: boolean;
  edit(comment: Comment): void;
  saveEdit(thread: CommentThread, comment: Comment, text: string): void;
  cancelEdit(): void;
  remove(thread: CommentThread, comment: Comment): void;
  reply(thread: CommentThread, input: HTMLElement & { value: string }): void;
  setStatus(thread: CommentThread, status: 'resolve' | 'reopen'): void;
}

/** "14:02:09" today, else the date too; UTC in the tooltip. */
function when(iso: string): TemplateResult {
  const at = new Date(iso);
  const sameDay = at.toDateString() === new Date().toDateString();
  const text = sameDay ? at.toLocaleTimeString() : at.toLocaleString();
  return html`<time datetime=${iso} title=${at.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}>${text}</time>`;
}

/** The text with its resolved mentions marked (unresolved `@words` stay plain). */
function textOf(comment: Comment): TemplateResult[] {
  const parts: TemplateResult[] = [];
  let last = 0;
  for (const match of comment.text.matchAll(MENTION_PATTERN)) {
    const token = (match[2] as string).replace(/[.-]+$/, '');
    const start = (match.index ?? 0) + (match[1] as string).length;
    if (!comment.mentionHandles.includes(token.toLowerCase())) continue;
    parts.push(html`${comment.text.slice(last, start)}`, html`<strong class="mention">@${token}</strong>`);
    last = start + token.length + 1;
  }
  parts.push(html`${comment.text.slice(last)}`);
  return parts;
}

function renderComment(thread: CommentThread, comment: Comment, a: ThreadActions): TemplateResult {
  const mine = comment.authorId === a.userId;
  const mayDelete = mine || a.ownerId === a.userId;
  if (a.editing === comment.id) {
    return html`<li class="comment" data-comment-id=${comment.id}>
      <la-mention-input label="Edit your comment" .value=${comment.text} @la-submit=${(e: Event) => a.saveEdit(thread, comment, (e.target as HTMLElement & { value: string }).value)}></la-mention-input>
      <div class="row">
        <button type="button" class="primary" ?disabled=${a.busy} @click=${(e: Event) => a.saveEdit(thread, comment, ((e.target as HTMLElement).closest('li')?.querySelector('la-mention-input') as HTMLElement & { value: string }).value)}>Save</button>
        <button type="button" @click=${() => a.cancelEdit()}>Cancel</button>
      </div>
    </li>`;
  }
  return html`<li class="comment" data-comment-id=${comment.id}>
    <div class="meta">
      <span class="author">${comment.authorName || comment.authorId}</span>
      ${comment.viaAgent ? html`<span class="badge agent">via agent</span>` : nothing}
      ${when(comment.createdAt)}${comment.editedAt ? html`<span class="edited" title=${`edited ${comment.editedAt}`}>(edited)</span>` : nothing}
    </div>
    <p class="text">${textOf(comment)}</p>
    ${mine || mayDelete
      ? html`<div class="row small">
          ${mine ? html`<button type="button" class="link" @click=${() => a.edit(comment)} aria-label=${`Edit your comment from ${new Date(comment.createdAt).toLocaleTimeString()}`}>Edit</button>` : nothing}
          ${mayDelete ? html`<button type="button" class="link danger" ?disabled=${a.busy} @click=${() => a.remove(thread, comment)} aria-label=${`Delete the comment by ${comment.authorName}`}>Delete</button>` : nothing}
        </div>`
      : nothing}
  </li>`;
}

/** One thread: its anchor, comments, a reply box and resolve/reopen. */
export function renderThread(thread: CommentThread, a: ThreadActions): TemplateResult {
  const resolved = thread.status === 'resolved';
  return html`<article class="thread ${resolved ? 'resolved' : ''}" data-thread-id=${thread.id} aria-label=${`Thread started by ${thread.comments[0]?.authorName ?? 'someone'}${resolved ? ', resolved' : ''}`}>
    <div class="thread-head">
      ${resolved ? html`<span class="badge done">Resolved</span>` : html`<span class="badge open">Open</span>`}
      ${thread.agent ? html`<span class="badge agent">Asked the agent</span>` : nothing}
      ${thread.anchor.eventId ? html`<span class="badge">event ${thread.anchor.eventId}</span>` : nothing}
    </div>
    ${thread.anchor.quote ? html`<blockquote>${thread.anchor.quote}</blockquote>` : nothing}
    <ol class="comments">${thread.comments.map((c) => renderComment(thread, c, a))}</ol>
    <div class="reply">
      <la-mention-input label="Reply" placeholder="Reply… (@ to mention)" @la-submit=${(e: Event) => a.reply(thread, e.target as HTMLElement & { value: string })}></la-mention-input>
      <div class="row">
        <button type="button" class="primary" ?disabled=${a.busy} @click=${(e: Event) => a.reply(thread, (e.target as HTMLElement).closest('.reply')?.querySelector('la-mention-input') as HTMLElement & { value: string })}>Reply</button>
        <button type="button" ?disabled=${a.busy} @click=${() => a.setStatus(thread, resolved ? 'reopen' : 'resolve')}>${resolved ? 'Reopen' : 'Resolve'}</button>
      </div>
    </div>
  </article>`;
}
