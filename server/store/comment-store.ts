import type { Comment, CommentAnchor, CommentThread } from '#shared/api';
import type { AuditEventInput } from './audit-chain.ts';
import { appendAuditEvent } from './audit-events.ts';
import { insertReceipts, type Receipt } from './idempotency-store.ts';
import type { SqlClient } from './sql.ts';

interface ThreadRow {
  id: string;
  artifact_id: string;
  section_id: string;
  quote: string | null;
  event_id: string | null;
  author_id: string;
  status: 'open' | 'resolved';
  agent: boolean;
  routed_seq: string | number | null;
  resolved_by: string | null;
  resolved_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

interface CommentRow {
  id: string;
  thread_id: string;
  author_id: string;
  author_name: string;
  text: string;
  mentions: string[];
  mention_handles: string[];
  via_agent: boolean;
  created_at: string | Date;
  edited_at: string | Date | null;
}

/** A new comment, its id chosen by the caller (shared/ and this floor have no randomness policy). */
export interface NewComment {
  id: string;
  authorId: string;
  authorName: string;
  text: string;
  mentions: readonly string[];
  mentionHandles: readonly string[];
  viaAgent?: boolean;
}

/**
 * What commits with a comment change: its audit event and, under an Idempotency-Key, the
 * receipt, made from the thread as the change left it (the answer a retry gets).
 */
export interface CommentWrite {
  audit: AuditEventInput;
  receipt?: ((thread: CommentThread | null) => Receipt | undefined) | undefined;
}

const THREAD_COLUMNS = 'id, artifact_id, section_id, quote, event_id, author_id, status, agent, routed_seq, resolved_by, resolved_at, created_at, updated_at';
const COMMENT_COLUMNS = 'id, thread_id, author_id, author_name, text, mentions, mention_handles, via_agent, created_at, edited_at';
const iso = (value: string | Date) => new Date(value).toISOString();

/**
 * Comment threads and their comments, as rows beside the artifact (`on delete cascade`: hard
 * delete and retention remove them with it). Every change commits with its audit event (ids
 * only, never text) and its idempotency receipt, in one transaction.
 */
export class CommentStore {
  constructor(private readonly db: SqlClient) {}

  /** Every thread of an artifact with its comments, oldest first. */
  async threads(artifactId: string): Promise<CommentThread[]> {
    const threads = await this.db.query<ThreadRow>(`select ${THREAD_COLUMNS} from comment_threads where artifact_id = $1 order by created_at, id`, [artifactId]);
    const comments = await this.db.query<CommentRow>(`select ${COMMENT_COLUMNS} from comments where artifact_id = $1 order by created_at, id`, [artifactId]);
    return assemble(threads, comments);
  }

  /** One thread of an artifact, or null (another artifact's thread is null too). */
  async thread(artifactId: string, threadId: string, db: SqlClient = this.db): Promise<CommentThread | null> {
    const [row] = await db.query<ThreadRow>(`select ${THREAD_COLUMNS} from comment_threads where id = $1 and artifact_id = $2`, [threadId, artifactId]);
    if (!row) return null;
    const comments = await db.query<CommentRow>(`select ${COMMENT_COLUMNS} from comments where thread_id = $1 order by created_at, id`, [threadId]);
    return assemble([row], comments)[0] ?? null;
  }

  /** Number of comments in a thread. */
  async count(threadId: string): Promise<number> {
    const [row] = await this.db.query<{ n: string | number }>('select count(*) as n from comments where thread_id = $1', [threadId]);
    return Number(row?.n ?? 0);
  }

  async createThread(
    thread: { id: string; artifactId: string; orgId: string; anchor: CommentAnchor; agent: boolean },
    first: NewComment,
    write: CommentWrite,
  ): Promise<CommentThread> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `insert into comment_threads (id, artifact_id, org_id, section_id, quote, event_id, author_id, agent, routed_seq)
         values ($1, $2, $3, $4, $5, $6, $7, $8, case when $8 then nextval('comment_route_seq') end)`,
        [thread.id, thread.artifactId, thread.orgId, thread.anchor.sectionId, thread.anchor.quote ?? null, thread.anchor.eventId ?? null, first.authorId, thread.agent],
      );
      await insertComment(tx, thread.id, thread.artifactId, first);
      return this.finish(tx, thread.artifactId, thread.id, write);
    });
  }

  /** Adds a reply; `route` queues the thread for the agent again, `resolve` resolves it with the reply. */
  async reply(artifactId: string, threadId: string, comment: NewComment, options: { route: boolean; resolve: boolean }, write: CommentWrite): Promise<CommentThread> {
    return this.db.transaction(async (tx) => {
      await insertComment(tx, threadId, artifactId, comment);
      await tx.query(
        `update comment_threads set updated_at = now(),
           agent = agent or $2,
           routed_seq = case when $2 then nextval('comment_route_seq') else routed_seq end,
           status = case when $3 then 'resolved' else status end,
           resolved_by = case when $3 then $4 else resolved_by end,
           resolved_at = case when $3 then now() else resolved_at end
         where id = $1`,
        [threadId, options.route, options.resolve, comment.authorId],
      );
      return this.finish(tx, artifactId, threadId, write);
    });
  }

  async editComment(artifactId: string, threadId: string, commentId: string, change: { text: string; mentions: readonly string[]; mentionHandles: readonly string[]; route: boolean }, write: CommentWrite): Promise<CommentThread> {
    return this.db.transaction(async (tx) => {
      await tx.query('update comments set text = $2, mentions = $3, mention_handles = $4, edited_at = now() where id = $1', [commentId, change.text, [...change.mentions], [...change.mentionHandles]]);
      await tx.query(
        `update comment_threads set updated_at = now(), agent = agent or $2, routed_seq = case when $2 then nextval('comment_route_seq') else routed_seq end where id = $1`,
        [threadId, change.route],
      );
      return this.finish(tx, artifactId, threadId, write);
    });
  }

  /** Deletes one comment; a thread left without comments goes too (null then). */
  async deleteComment(artifactId: string, threadId: string, commentId: string, write: CommentWrite): Promise<CommentThread | null> {
    return this.db.transaction(async (tx) => {
      await tx.query('delete from comments where id = $1', [commentId]);
      const [left] = await tx.query<{ n: string | number }>('select count(*) as n from comments where thread_id = $1', [threadId]);
      if (Number(left?.n ?? 0) === 0) await tx.query('delete from comment_threads where id = $1', [threadId]);
      else await tx.query('update comment_threads set updated_at = now() where id = $1', [threadId]);
      return this.finish(tx, artifactId, threadId, write);
    });
  }

  /** Resolves or reopens; reopening a thread routed to the agent queues it again. */
  async setStatus(artifactId: string, threadId: string, status: 'open' | 'resolved', by: string, write: CommentWrite): Promise<CommentThread> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `update comment_threads set status = $2, updated_at = now(),
           resolved_by = case when $2 = 'resolved' then $3 end, resolved_at = case when $2 = 'resolved' then now() end,
           routed_seq = case when $2 = 'open' and agent then nextval('comment_route_seq') else routed_seq end
         where id = $1`,
        [threadId, status, by],
      );
      return this.finish(tx, artifactId, threadId, write);
    });
  }

  /**
   * Open threads of an org routed to the agent after position `afterSeq`, in routing order (a
   * thread routed again moves to its new place, so the queue shows it once, where it is now).
   * Returns each with its routing position, for the caller's cursor.
   */
  async routed(orgId: string, afterSeq: number, limit: number): Promise<{ seq: number; thread: CommentThread }[]> {
    const rows = await this.db.query<ThreadRow>(
      `select ${THREAD_COLUMNS} from comment_threads where org_id = $1 and routed_seq > $2 and status = 'open' order by routed_seq limit $3`,
      [orgId, afterSeq, limit],
    );
    if (rows.length === 0) return [];
    const comments = await this.db.query<CommentRow>(`select ${COMMENT_COLUMNS} from comments where thread_id = any($1) order by created_at, id`, [rows.map((r) => r.id)]);
    const threads = assemble(rows, comments);
    return rows.map((row, i) => ({ seq: Number(row.routed_seq), thread: threads[i] as CommentThread }));
  }

  private async finish(tx: SqlClient, artifactId: string, threadId: string, write: CommentWrite): Promise<CommentThread> {
    await appendAuditEvent(tx, write.audit);
    const thread = await this.thread(artifactId, threadId, tx);
    const receipt = write.receipt?.(thread);
    if (receipt) await insertReceipts(tx, [receipt]);
    // Null only after deleting a thread's last comment (deleteComment's answer).
    return thread as CommentThread;
  }
}

async function insertComment(tx: SqlClient, threadId: string, artifactId: string, comment: NewComment): Promise<void> {
  await tx.query(
    `insert into comments (id, thread_id, artifact_id, author_id, author_name, text, mentions, mention_handles, via_agent) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [comment.id, threadId, artifactId, comment.authorId, comment.authorName, comment.text, [...comment.mentions], [...comment.mentionHandles], comment.viaAgent ?? false],
  );
}

function assemble(threads: readonly ThreadRow[], comments: readonly CommentRow[]): CommentThread[] {
  const byThread = new Map<string, Comment[]>();
  for (const row of comments) {
    const list = byThread.get(row.thread_id) ?? [];
    list.push({
      id: row.id,
      threadId: row.thread_id,
      authorId: row.author_id,
      authorName: row.author_name,
      text: row.text,
      mentions: [...row.mentions],
      mentionHandles: [...row.mention_handles],
      viaAgent: row.via_agent,
      createdAt: iso(row.created_at),
      editedAt: row.edited_at == null ? null : iso(row.edited_at),
    });
    byThread.set(row.thread_id, list);
  }
  return threads.map((row) => ({
    id: row.id,
    artifactId: row.artifact_id,
    anchor: { sectionId: row.section_id, ...(row.quote != null ? { quote: row.quote } : {}), ...(row.event_id != null ? { eventId: row.event_id } : {}) },
    status: row.status,
    agent: row.agent,
    authorId: row.author_id,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at == null ? null : iso(row.resolved_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    comments: byThread.get(row.id) ?? [],
  }));
}
