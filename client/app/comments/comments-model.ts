import type { CommentThread } from '#shared/api';
import { commentsApi } from './comments-api.ts';

export type CommentsPhase = 'idle' | 'loading' | 'loaded' | 'error';

/**
 * The comment threads of the artifact on screen, for its section buttons and its panel. Loaded
 * over HTTP when the page opens (and again after the socket recovers, since notices may have
 * been missed); kept current by the socket's notices, each naming one thread to read again.
 * Fires `change` on every difference. One page shows one artifact, so one model serves it.
 */
export class CommentsModel extends EventTarget {
  artifactId = '';
  phase: CommentsPhase = 'idle';
  /** Whether the user may comment here (a reader whose org has comments on). */
  enabled = false;
  /** The signed-in user and the artifact's owner (who may delete any comment). */
  userId = '';
  ownerId = '';
  /** The section whose panel is open, or undefined. */
  openSection: string | undefined;
  /** A sentence for the panel's polite live region about what others just did. */
  announcement = '';
  readonly #threads = new Map<string, CommentThread>();
  #load: AbortController | undefined;

  open(artifactId: string): void {
    if (artifactId === this.artifactId) return;
    this.artifactId = artifactId;
    this.#threads.clear();
    this.openSection = undefined;
    void this.reload();
  }

  async reload(): Promise<void> {
    if (!this.artifactId) return;
    this.#load?.abort();
    const load = (this.#load = new AbortController());
    this.phase = 'loading';
    this.#changed();
    try {
      const threads = await commentsApi.list(this.artifactId, load.signal);
      if (load.signal.aborted) return;
      this.#threads.clear();
      for (const thread of threads) this.#threads.set(thread.id, thread);
      this.phase = 'loaded';
    } catch {
      if (load.signal.aborted) return;
      this.phase = 'error';
    }
    this.#changed();
  }

  /** A notice said `threadId` changed: read it again (gone = deleted). */
  async refresh(threadId: string): Promise<void> {
    const before = this.#threads.get(threadId);
    try {
      const thread = await commentsApi.thread(this.artifactId, threadId);
      this.put(thread);
      const last = thread.comments.at(-1);
      if (last && last.authorId !== this.userId && last.id !== before?.comments.at(-1)?.id) this.announcement = `${last.authorName} commented`;
    } catch (error) {
      if ((error as { code?: string }).code === 'not_found') {
        this.#threads.delete(threadId);
        this.#changed();
      }
    }
  }

  /** An answer of the server (the thread as it now is). */
  put(thread: CommentThread): void {
    this.#threads.set(thread.id, thread);
    this.#changed();
  }

  drop(threadId: string): void {
    this.#threads.delete(threadId);
    this.#changed();
  }

  /** Threads of one section, oldest first. */
  threadsOf(sectionId: string): CommentThread[] {
    return [...this.#threads.values()].filter((t) => t.anchor.sectionId === sectionId).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Open threads and all comments of one section, for its button. */
  countsOf(sectionId: string): { open: number; comments: number } {
    let open = 0;
    let comments = 0;
    for (const thread of this.#threads.values()) {
      if (thread.anchor.sectionId !== sectionId) continue;
      if (thread.status === 'open') open++;
      comments += thread.comments.length;
    }
    return { open, comments };
  }

  showSection(sectionId: string | undefined): void {
    this.openSection = sectionId;
    this.announcement = '';
    this.#changed();
  }

  configure(settings: { enabled: boolean; userId: string; ownerId: string }): void {
    if (settings.enabled === this.enabled && settings.userId === this.userId && settings.ownerId === this.ownerId) return;
    Object.assign(this, settings);
    this.#changed();
  }

  #changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}

/** The model of the artifact on screen. */
export const comments = new CommentsModel();
