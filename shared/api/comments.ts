import { z } from 'zod';

/*
 * Comment threads on an artifact's sections: request and answer shapes of /api/artifacts/:id/comments
 * and of the agent's queue (/api/comments/agent). Comments are stored as rows beside the
 * artifact, not in its Yjs document, so they never enter a frozen version or a diff.
 */

/** Longest comment, in characters: a paragraph or two, not a document. */
export const MAX_COMMENT_CHARS = 4_000;
/** Longest quoted text range a thread may anchor to. */
export const MAX_QUOTE_CHARS = 500;
/** Replies one thread may hold: past it, start a new thread. */
export const MAX_COMMENTS_PER_THREAD = 200;
/** What `@agent` in a comment means: route the thread to the agent's queue. */
export const AGENT_MENTION = 'agent';

const isoTime = z.string().describe('ISO 8601');
const id = z.string().min(1).max(200);
const text = z.string().trim().min(1, 'must not be empty').max(MAX_COMMENT_CHARS, `must be at most ${MAX_COMMENT_CHARS} characters`);

/** Where a thread is anchored: a section, optionally a quoted text range of it or one timeline event. */
export const commentAnchorSchema = z.strictObject({
  sectionId: id,
  quote: z.string().min(1).max(MAX_QUOTE_CHARS).optional(),
  eventId: id.optional(),
});
export type CommentAnchor = z.infer<typeof commentAnchorSchema>;

export const commentSchema = z.object({
  id: z.string(),
  threadId: z.string(),
  authorId: z.string(),
  /** From the author's token when they wrote it. */
  authorName: z.string(),
  text: z.string(),
  /** User ids of org members the text mentions (resolved by the server), and `agent`. */
  mentions: z.array(z.string()),
  /** The `@words` of the text that resolved to them, lower-cased (what a page marks). */
  mentionHandles: z.array(z.string()),
  /** Written through the agent's tools (reply_to_comment). */
  viaAgent: z.boolean(),
  createdAt: isoTime,
  editedAt: isoTime.nullable(),
});
export type Comment = z.infer<typeof commentSchema>;

export const commentThreadSchema = z.object({
  id: z.string(),
  artifactId: z.string(),
  anchor: commentAnchorSchema,
  status: z.enum(['open', 'resolved']),
  /** Routed to the agent (`@agent` or "Ask the agent"). */
  agent: z.boolean(),
  authorId: z.string(),
  resolvedBy: z.string().nullable(),
  resolvedAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  comments: z.array(commentSchema),
});
export type CommentThread = z.infer<typeof commentThreadSchema>;

export const commentThreadListSchema = z.object({ threads: z.array(commentThreadSchema) });

/** `POST /api/artifacts/:id/comments`: a new thread with its first comment. */
export const createThreadBodySchema = z.strictObject({
  anchor: commentAnchorSchema,
  text,
  /** "Ask the agent": route the thread to the agent even without `@agent` in the text. */
  askAgent: z.boolean().optional(),
});

/** `POST /api/artifacts/:id/comments/:threadId/replies`. */
export const replyBodySchema = z.strictObject({
  text,
  /** Resolve the thread with this reply (the agent answering a question). */
  resolve: z.boolean().optional(),
  /** The reply comes from the agent's tools: shown as such, and it does not queue the thread again. */
  viaAgent: z.boolean().optional(),
});

/** `PUT /api/artifacts/:id/comments/:threadId/comments/:commentId`: one's own comment. */
export const editCommentBodySchema = z.strictObject({ text });

/** `GET /api/comments/agent`: open threads routed to the agent, oldest routing first. */
export const agentQueueSchema = z.object({
  items: z.array(z.object({ artifactId: z.string(), artifactTitle: z.string(), thread: commentThreadSchema })),
  /** Pass back as `since` for what is routed after this page; always set (an empty page keeps the position). */
  cursor: z.string(),
  /** More routed threads wait after this page. */
  more: z.boolean(),
});
export type AgentQueue = z.infer<typeof agentQueueSchema>;

/** What changed in a thread, as the live notice names it. */
export const COMMENT_CHANGES = ['created', 'replied', 'edited', 'deleted', 'resolved', 'reopened'] as const;
export type CommentChange = (typeof COMMENT_CHANGES)[number];

/**
 * The stateless message every open page of an artifact gets when one of its threads changed:
 * ids only (pages read the thread over HTTP, authorized there; no text rides on the socket or
 * through Redis).
 */
export interface CommentsNotice {
  type: 'comments';
  threadId: string;
  change: CommentChange;
}

/** The notice in a stateless payload, or undefined for anything else (parsed defensively: it comes from the network). */
export function parseCommentsNotice(payload: unknown): CommentsNotice | undefined {
  if (typeof payload !== 'string' || payload.length > 1_000 || !payload.startsWith('{"type":"comments"')) return undefined;
  try {
    const value = JSON.parse(payload) as Record<string, unknown>;
    const { threadId, change } = value;
    if (typeof threadId !== 'string' || threadId.length === 0 || threadId.length > 200) return undefined;
    if (!COMMENT_CHANGES.includes(change as CommentChange)) return undefined;
    return { type: 'comments', threadId, change: change as CommentChange };
  } catch {
    return undefined;
  }
}

/** Most distinct mentions one comment resolves (more stay plain text). */
export const MAX_MENTIONS = 20;

/** `@word` in a comment: a letter or digit first, then letters, digits, `_`, `.`, `-`; not inside a word or an e-mail address. */
export const MENTION_PATTERN = /(^|[^\p{L}\p{N}_@.])@([\p{L}\p{N}][\p{L}\p{N}_.-]{0,63})/gu;

/**
 * The handle a person is mentioned by: their name lower-cased, words joined by dots
 * (`Alice Anders` → `alice.anders`). Their first word alone works too while no one else in the
 * org shares it; the user id always does.
 */
export function mentionHandle(name: string): string {
  return name.trim().toLowerCase().split(/\s+/).map((w) => w.replace(/[^\p{L}\p{N}_-]/gu, '')).filter(Boolean).join('.');
}

/**
 * The `@name` tokens of a comment, lower-cased and distinct, in order: a handle, a user id of
 * the org directory, or `agent`. An `@` inside a word (an e-mail address) is not a mention.
 */
export function mentionTokens(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(MENTION_PATTERN)) {
    const token = (match[2] as string).replace(/[.-]+$/, '').toLowerCase();
    if (token && !out.includes(token)) out.push(token);
    if (out.length === MAX_MENTIONS) break;
  }
  return out;
}
