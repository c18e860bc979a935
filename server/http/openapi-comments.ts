import { createThreadBodySchema, editCommentBodySchema, replyBodySchema } from '#shared/api';
import { agentQueueQuerySchema } from './comment-queue.ts';
import { err, idempotencyKey, idParam, jsonSchema, noContent, ok, queryParams, retryable, type Routes } from './openapi-parts.ts';

const T = ['Comments'];
const threadParam = { name: 'threadId', in: 'path', required: true, schema: { type: 'string' }, description: 'Comment thread id' };
const commentParam = { name: 'commentId', in: 'path', required: true, schema: { type: 'string' }, description: 'Comment id' };
const disabled = { '403': err('`comments_disabled`: the org turned comments off (threads stay readable); `forbidden`: not your comment') };

/** Comment threads of an artifact and the agent's queue: OpenAPI path → method → operation. */
export const COMMENT_ROUTES: Routes = {
  '/api/artifacts/{id}/comments': {
    get: { summary: 'Every comment thread of the artifact (readers)', tags: T, params: [idParam], responses: { '200': ok('Threads', 'CommentThreadList') } },
    post: {
      summary: 'Start a thread on a section (optionally a quoted range or a timeline event); `@user` mentions org members, `@agent` or `askAgent` routes it to the agent; audited as commented (ids only)',
      tags: T,
      params: [idParam, idempotencyKey],
      body: jsonSchema(createThreadBodySchema),
      responses: { '201': ok('Created', 'CommentThread'), '400': err('`invalid_request` naming the field, `section_not_found`'), ...disabled, ...retryable },
    },
  },
  '/api/artifacts/{id}/comments/{threadId}': {
    get: { summary: 'One thread (what pages read when the socket says it changed)', tags: T, params: [idParam, threadParam], responses: { '200': ok('Thread', 'CommentThread') } },
  },
  '/api/artifacts/{id}/comments/{threadId}/replies': {
    post: {
      summary: 'Reply in a thread, optionally resolving it; a person replying in an agent thread queues it for the agent again',
      tags: T,
      params: [idParam, threadParam, idempotencyKey],
      body: jsonSchema(replyBodySchema),
      responses: { '201': ok('The thread with the reply', 'CommentThread'), ...disabled, ...retryable, '409': err('`too_many_items`: the thread is full; `idempotency_key_reused`, or `idempotency_key_in_progress` (retry shortly)') },
    },
  },
  '/api/artifacts/{id}/comments/{threadId}/comments/{commentId}': {
    put: { summary: "Replace the text of one's own comment; audited as comment-edited", tags: T, params: [idParam, threadParam, commentParam], body: jsonSchema(editCommentBodySchema), responses: { '200': ok('Thread', 'CommentThread'), ...disabled } },
    delete: { summary: "Delete one's own comment (the artifact's owner may delete any); the last one takes its thread along; audited", tags: T, params: [idParam, threadParam, commentParam], responses: { '204': noContent('Deleted'), ...disabled } },
  },
  '/api/artifacts/{id}/comments/{threadId}/resolve': {
    post: { summary: 'Resolve a thread (any commenter); audited as comment-resolved', tags: T, params: [idParam, threadParam], responses: { '200': ok('Thread', 'CommentThread'), ...disabled } },
  },
  '/api/artifacts/{id}/comments/{threadId}/reopen': {
    post: { summary: 'Reopen a thread; an agent thread is queued for the agent again; audited as comment-reopened', tags: T, params: [idParam, threadParam], responses: { '200': ok('Thread', 'CommentThread'), ...disabled } },
  },
  '/api/comments/agent': {
    get: {
      summary: 'Open threads routed to the agent in artifacts the caller may edit, in routing order; pass `cursor` back as `since`',
      tags: T,
      params: queryParams(agentQueueQuerySchema),
      responses: { '200': ok('Queue page', 'AgentQueue'), '400': err('`invalid_cursor` or `invalid_filter`') },
    },
  },
};
