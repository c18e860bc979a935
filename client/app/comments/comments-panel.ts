import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { decide } from '#policies';
import { accessOf, currentUser, policyOf, principalOf } from '../access/index.ts';
import type { ArtifactSummary } from '../api/index.ts';
import { parseCommentsNotice, type Comment, type CommentThread } from '#shared/api';
import type { Section } from '#shared/schema';
import { commentsApi } from './comments-api.ts';
import { renderThread, type ThreadActions } from './comment-thread.ts';
import { comments } from './comments-model.ts';
import { panelStyles } from './panel-styles.ts';
import './comment-button.ts';
import './mention-input.ts';

/** Where the drawer stops covering the page (below: a sheet over it). */
const WIDE_SCREEN = '(min-width: 1000px)';
const DRAWER_WIDTH = '400px';

type TextInput = HTMLElement & { value: string; clear?: () => void; focus(): void };

/**
 * `<la-comments>`: the thread panel of the live page, a drawer on the right on desktop and a
 * full-width sheet at phone widths. It shows the threads of the section whose comment button
 * was pressed, with replies, resolve/reopen, editing and deleting one's own, @mentions and
 * "Ask the agent". The live view hands it the socket's stateless messages (`stateless`) and
 * tells it when the socket recovered (`reload`). Escape closes it and focus returns to the
 * section's button.
 */
export class CommentsPanel extends LitElement {
  static override properties = {
    artifactId: { attribute: false },
    sections: { attribute: false },
    summary: { attribute: false },
    editing: { state: true },
    busy: { state: true },
    problem: { state: true },
  };
  static override styles = panelStyles;

  declare artifactId: string;
  declare sections: readonly Section[];
  /** The artifact's summary (owner, visibility), once the live view loaded it. */
  declare summary: ArtifactSummary | undefined;
  protected declare editing: string | undefined;
  protected declare busy: boolean;
  protected declare problem: string;
  #openedFor: string | undefined;
  readonly #onChange = () => {
    this.requestUpdate();
    if (comments.openSection !== this.#openedFor) {
      const opening = comments.openSection !== undefined && this.#openedFor === undefined;
      const closing = comments.openSection === undefined ? this.#openedFor : undefined;
      this.#openedFor = comments.openSection;
      this.problem = '';
      if (opening) void this.#focusNewComment();
      if (closing) this.#focusButton(closing);
      this.#makeRoom(comments.openSection !== undefined);
    }
  };
  readonly #onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && comments.openSection) comments.showSection(undefined);
  };

  constructor() {
    super();
    this.artifactId = '';
    this.sections = [];
    this.summary = undefined;
    this.editing = undefined;
    this.busy = false;
    this.problem = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    comments.addEventListener('change', this.#onChange);
    document.addEventListener('keydown', this.#onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#makeRoom(false);
    comments.removeEventListener('change', this.#onChange);
    document.removeEventListener('keydown', this.#onKey);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.artifactId) comments.open(this.artifactId);
    if (changed.has('summary')) void this.#configure();
  }

  /** Who may comment: decided by the same rules the server enforces (`comment`: a reader whose org has comments on). */
  async #configure(): Promise<void> {
    const summary = this.summary;
    if (!summary) return comments.configure({ enabled: false, userId: comments.userId, ownerId: '' });
    try {
      const me = await currentUser();
      const enabled = decide(principalOf(me), 'comment', accessOf(summary), policyOf(me)).allow;
      comments.configure({ enabled, userId: me.userId, ownerId: summary.owner });
    } catch {
      comments.configure({ enabled: false, userId: '', ownerId: '' });
    }
  }

  /** A stateless message of the artifact's socket: a thread changed, read it again. */
  stateless(payload: string): void {
    const notice = parseCommentsNotice(payload);
    if (notice) void comments.refresh(notice.threadId);
  }

  /** The socket is back after a problem: notices may have been missed meanwhile. */
  reload(): void {
    void comments.reload();
  }

  protected override render(): unknown {
    const sectionId = comments.openSection;
    if (!comments.enabled || sectionId === undefined) return nothing;
    const section = this.sections.find((s) => s.id === sectionId);
    const title = section?.title || sectionId;
    const threads = comments.threadsOf(sectionId);
    return html`<aside id="la-comments-panel" class="panel" role="complementary" aria-label=${`Comments on ${title}`}>
      <header>
        <h2>Comments <span class="on">on ${title}</span></h2>
        <button type="button" class="close" aria-label="Close comments" @click=${() => comments.showSection(undefined)}>✕</button>
      </header>
      <div class="scroll">
        <p class="sr-only" role="status" aria-live="polite">${comments.announcement}</p>
        ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
        ${comments.phase === 'error'
          ? html`<div class="state"><p>Comments could not be loaded.</p><button type="button" @click=${() => void comments.reload()}>Try again</button></div>`
          : comments.phase === 'loading' && threads.length === 0
            ? html`<p class="state" role="status">Loading comments…</p>`
            : threads.length === 0
              ? html`<p class="state empty">No comments on this section yet. Ask a question, mention a teammate with @, or ask the agent.</p>`
              : threads.map((thread) => renderThread(thread, this.#actions()))}
        <form class="new" @submit=${(e: Event) => (e.preventDefault(), this.#start())}>
          <la-mention-input class="new-comment" label="New comment" placeholder="Comment on this section… (@ to mention)" @la-submit=${() => this.#start()}></la-mention-input>
          <div class="row">
            <label class="ask"><input type="checkbox" name="ask-agent" /> Ask the agent</label>
            <button type="submit" class="primary" ?disabled=${this.busy}>Comment</button>
          </div>
        </form>
      </div>
    </aside>`;
  }

  #actions(): ThreadActions {
    return {
      userId: comments.userId,
      ownerId: comments.ownerId,
      editing: this.editing,
      busy: this.busy,
      edit: (comment) => (this.editing = comment.id),
      cancelEdit: () => (this.editing = undefined),
      saveEdit: (thread, comment, text) => void this.#run(async () => {
        comments.put(await commentsApi.edit(this.artifactId, thread.id, comment.id, text));
        this.editing = undefined;
      }),
      remove: (thread, comment) => void this.#remove(thread, comment),
      reply: (thread, input) => void this.#run(async () => {
        if (!input.value.trim()) return;
        comments.put(await commentsApi.reply(this.artifactId, thread.id, input.value));
        (input as TextInput).clear?.();
      }),
      setStatus: (thread, status) => void this.#run(async () => comments.put(await commentsApi.setStatus(this.artifactId, thread.id, status))),
    };
  }

  async #start(): Promise<void> {
    const sectionId = comments.openSection;
    const input = this.renderRoot.querySelector('.new la-mention-input') as TextInput | null;
    const ask = this.renderRoot.querySelector('.new input[name="ask-agent"]') as HTMLInputElement | null;
    if (!sectionId || !input || !input.value.trim()) return;
    await this.#run(async () => {
      comments.put(await commentsApi.start(this.artifactId, { sectionId }, input.value, ask?.checked === true));
      input.clear?.();
      if (ask) ask.checked = false;
    });
  }

  async #remove(thread: CommentThread, comment: Comment): Promise<void> {
    if (!confirm('Delete this comment?')) return;
    await this.#run(async () => {
      await commentsApi.remove(this.artifactId, thread.id, comment.id);
      if (thread.comments.length <= 1) comments.drop(thread.id);
      else await comments.refresh(thread.id);
    });
  }

  /** One action at a time; its failure is said in the panel, and nothing changes on screen. */
  async #run(action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.problem = '';
    try {
      await action();
    } catch (error) {
      const code = (error as { code?: string }).code;
      this.problem =
        code === 'comments_disabled'
          ? 'Your organization turned comments off.'
          : code === 'forbidden'
            ? 'You may not change this comment.'
            : code === 'section_not_found'
              ? 'This section no longer exists.'
              : `That did not work (${code ?? 'network error'}). Nothing was changed; try again.`;
    } finally {
      this.busy = false;
    }
  }

  /** Opening the panel puts the cursor in its new-comment box (once that box has rendered). */
  async #focusNewComment(): Promise<void> {
    await this.updateComplete;
    const input = this.renderRoot.querySelector('la-mention-input.new-comment') as (TextInput & { updateComplete: Promise<boolean> }) | null;
    await input?.updateComplete;
    input?.focus();
  }

  /**
   * On wide screens the drawer sits beside the page instead of over its right edge (where the
   * section buttons are): the page gives up the drawer's width while it is open.
   */
  #makeRoom(open: boolean): void {
    document.body.style.paddingRight = open && window.matchMedia(WIDE_SCREEN).matches ? DRAWER_WIDTH : '';
  }

  #focusButton(sectionId: string): void {
    const host = document.querySelector(`la-section[data-section-id="${CSS.escape(sectionId)}"] la-comment-button`);
    (host?.shadowRoot?.querySelector('button') as HTMLButtonElement | null)?.focus();
  }
}

customElements.define('la-comments', CommentsPanel);

declare global {
  interface HTMLElementTagNameMap {
    'la-comments': CommentsPanel;
  }
}
