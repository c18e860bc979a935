import { z } from 'zod';
import { agentQueueSchema, commentThreadSchema, MAX_COMMENT_CHARS } from '../api/index.ts';
import { answer, artifactIdSchema } from './calls.ts';
import { artifactPath, defineTool, queryString, READ_ONLY } from './tool.ts';

const threadId = z.string().min(1).max(200).describe('The thread id, as list_comment_threads returns it');

export const listCommentThreads = defineTool({
  name: 'list_comment_threads',
  title: 'List comment threads for the agent',
  description:
    'Lists the open comment threads routed to you (people wrote "@agent" or pressed "Ask the agent", or replied in such a thread) in artifacts you may edit, ' +
    'oldest first, each with its artifact, the section it is anchored to and every comment. Pass the returned cursor as `since` next time to get only what was routed since. ' +
    'Answer with reply_to_comment. Example: {"since": "eyJsIjoiY29tbWVudHMtYWdlbnQiLCJzIjo0fQ"} (or {} for everything open).',
  inputSchema: z.strictObject({
    since: z.string().max(200).optional().describe('The cursor of the previous call; omit for every open thread'),
    limit: z.int().min(1).max(100).optional(),
  }),
  outputSchema: agentQueueSchema.extend({ items: z.array(agentQueueSchema.shape.items.element.extend({ url: z.string() })) }),
  annotations: READ_ONLY,
  async run({ since, limit }, { api, artifactUrl }) {
    const queue = answer(agentQueueSchema, await api({ method: 'GET', path: `/api/comments/agent${queryString({ since, limit })}` }));
    return { ...queue, items: queue.items.map((item) => ({ ...item, url: `${artifactUrl(item.artifactId)}#section-${item.thread.anchor.sectionId}` })) };
  },
  summarize: ({ items, more }) =>
    items.length
      ? `${items.map((i) => `${i.artifactTitle} / ${i.thread.anchor.sectionId} (thread ${i.thread.id}): ${i.thread.comments.at(-1)?.authorName ?? ''}: ${i.thread.comments.at(-1)?.text ?? ''}`).join('\n')}${more ? '\n(more: call again with the cursor)' : ''}`
      : 'No open thread routed to you since the cursor.',
});

export const replyToComment = defineTool({
  name: 'reply_to_comment',
  title: 'Reply to a comment thread',
  description:
    'Replies in a comment thread of an artifact; everyone with the page open sees the reply at once. Set `resolve` when your reply settles the question. ' +
    'Example: {"id": "k3j9x0a1b2c3d4e5", "threadId": "a1b2c3d4e5", "text": "The p99 rose after the deploy at 14:02; rolled back.", "resolve": true}.',
  inputSchema: z.strictObject({
    id: artifactIdSchema,
    threadId,
    text: z.string().min(1).max(MAX_COMMENT_CHARS),
    resolve: z.boolean().optional().describe('Resolve the thread with this reply'),
  }),
  outputSchema: commentThreadSchema.extend({ url: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run({ id, threadId: thread, text, resolve }, { api, artifactUrl, newIdempotencyKey }) {
    const body = { text, viaAgent: true, ...(resolve ? { resolve } : {}) };
    const answered = answer(commentThreadSchema, await api({ method: 'POST', path: artifactPath(id, `/comments/${encodeURIComponent(thread)}/replies`), body, idempotencyKey: newIdempotencyKey() }));
    return { ...answered, url: artifactUrl(id) };
  },
  summarize: (t) => `Replied in thread ${t.id} (${t.comments.length} comments, ${t.status}). ${t.url}`,
});
