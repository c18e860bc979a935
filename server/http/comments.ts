import { Hono, type Context } from 'hono';
import { decide } from '#policies';
import { AGENT_MENTION, createThreadBodySchema, editCommentBodySchema, MAX_COMMENTS_PER_THREAD, mentionHandle, mentionTokens, replyBodySchema, type CommentChange, type CommentThread } from '#shared/api';
import { auditEvent, type AuditAction } from '../audit/index.ts';
import type { DocumentHost } from '../collab/index.ts';
import { AppError, badRequest, forbidden, notFound } from '../errors.ts';
import { newItemId } from '../ids.ts';
import type { Logger } from '../log.ts';
import type { ArtifactRecord, ArtifactStore, CommentStore, CommentWrite, PeopleStore } from '../store/index.ts';
import { actorOf } from './audit-context.ts';
import { authorizeArtifact } from './authorize.ts';
import { parse, readJson } from './body.ts';
import type { AppEnv } from './context.ts';
import type { Idempotency, ReceiptOf } from './idempotency.ts';

/**
 * What the comment routes tell whoever wires notifications (outgoing webhooks): ids only.
 * `commented` for every new comment; `mentioned` when it mentions org members who may read
 * the artifact (`mentions`: their user ids; `agent` when it asks the agent).
 */
export interface CommentNotification {
  type: 'commented' | 'mentioned';
  orgId: string;
  artifactId: string;
  threadId: string;
  commentId: string;
  actorId: string;
  mentions: string[];
}
export type NotifyComment = (event: CommentNotification) => void;

export interface CommentRoutesDeps {
  store: ArtifactStore;
  comments: CommentStore;
  people: PeopleStore;
  documents: DocumentHost;
  idempotency: Idempotency;
  logger: Logger;
  /** Called after a comment is committed; a failure is logged, never the request's. Default: none. */
  notify?: NotifyComment | undefined;
}

/**
 * Comment threads of an artifact under `/api/artifacts/:id/comments`. Reading needs `read`;
 * writing needs `comment` (every reader, unless the org turned comments off); editing and
 * deleting a comment is its author's (the artifact's owner may delete any). Every change is
 * committed with its audit event, then pushed to the artifact's open pages (a stateless
 * notice naming the thread; pages read it here).
 */
export function commentRoutes(deps: CommentRoutesDeps): Hono<AppEnv> {
  const { store, comments, documents, idempotency } = deps;
  const app = new Hono<AppEnv>();

  app.get('/:id/comments', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'read');
    return c.json({ threads: await comments.threads(artifact.id) });
  });

  app.get('/:id/comments/:threadId', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'read');
    return c.json(await threadOf(comments, artifact, c.req.param('threadId')));
  });

  app.post('/:id/comments', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'comment');
    const input = parse(createThreadBodySchema, await readJson(c));
    await checkAnchor(c, documents, artifact, input.anchor);
    const { userIds: mentions, handles } = await resolveMentions(deps.people, artifact.orgId, input.text);
    const agent = input.askAgent === true || mentions.includes(AGENT_MENTION);
    return idempotency.run(c, { artifactId: artifact.id, route: 'comments.create', body: input }, async (receiptOf) => {
      const threadId = newItemId();
      const commentId = newItemId();
      const details = { threadId, commentId, sectionId: input.anchor.sectionId, mentions: mentions.length, agent };
      const thread = await comments.createThread(
        { id: threadId, artifactId: artifact.id, orgId: artifact.orgId, anchor: input.anchor, agent },
        { id: commentId, authorId: c.get('principal').userId, authorName: c.get('principal').name, text: input.text, mentions, mentionHandles: handles },
        writeOf(c, 'commented', artifact, details, receiptOf),
      );
      await after(deps, c, artifact, thread, 'created', commentId, mentions);
      return { status: 201, body: thread };
    });
  });

  app.post('/:id/comments/:threadId/replies', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'comment');
    const input = parse(replyBodySchema, await readJson(c));
    const existing = await threadOf(comments, artifact, c.req.param('threadId'));
    if (existing.comments.length >= MAX_COMMENTS_PER_THREAD) throw new AppError('too_many_items', `a thread holds at most ${MAX_COMMENTS_PER_THREAD} comments; start a new thread`, 409);
    const { userIds: mentions, handles } = await resolveMentions(deps.people, artifact.orgId, input.text);
    // The agent's own answer does not queue the thread for it again; a person asking does.
    const route = mentions.includes(AGENT_MENTION) || (existing.agent && input.viaAgent !== true && input.resolve !== true);
    return idempotency.run(c, { artifactId: artifact.id, route: `comments.reply:${existing.id}`, body: input }, async (receiptOf) => {
      const commentId = newItemId();
      const details = { threadId: existing.id, commentId, mentions: mentions.length, ...(input.resolve ? { resolved: true } : {}) };
      const thread = await comments.reply(
        artifact.id,
        existing.id,
        { id: commentId, authorId: c.get('principal').userId, authorName: c.get('principal').name, text: input.text, mentions, mentionHandles: handles, viaAgent: input.viaAgent === true },
        { route, resolve: input.resolve === true },
        writeOf(c, 'commented', artifact, details, receiptOf),
      );
      await after(deps, c, artifact, thread, input.resolve ? 'resolved' : 'replied', commentId, mentions);
      return { status: 201, body: thread };
    });
  });

  app.put('/:id/comments/:threadId/comments/:commentId', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'comment');
    const input = parse(editCommentBodySchema, await readJson(c));
    const { thread, comment } = await commentOf(comments, artifact, c);
    if (comment.authorId !== c.get('principal').userId) throw forbidden('only its author may edit a comment');
    const { userIds: mentions, handles } = await resolveMentions(deps.people, artifact.orgId, input.text);
    const added = mentions.filter((m) => !comment.mentions.includes(m));
    const updated = await comments.editComment(
      artifact.id,
      thread.id,
      comment.id,
      { text: input.text, mentions, mentionHandles: handles, route: added.includes(AGENT_MENTION) },
      { audit: auditEvent(actorOf(c), 'comment-edited', { artifactId: artifact.id, details: { threadId: thread.id, commentId: comment.id, mentions: mentions.length } }) },
    );
    push(documents, artifact.id, thread.id, 'edited');
    await notifyMentions(deps, c, artifact, thread.id, comment.id, added);
    return c.json(updated);
  });

  app.delete('/:id/comments/:threadId/comments/:commentId', async (c) => {
    const artifact = await authorizeArtifact(c, store, 'comment');
    const { thread, comment } = await commentOf(comments, artifact, c);
    const principal = c.get('principal');
    if (comment.authorId !== principal.userId && artifact.ownerId !== principal.userId) throw forbidden("only its author or the artifact's owner may delete a comment");
    const details = { threadId: thread.id, commentId: comment.id, ...(comment.authorId !== principal.userId ? { byOwner: true } : {}) };
    await comments.deleteComment(artifact.id, thread.id, comment.id, { audit: auditEvent(actorOf(c), 'comment-deleted', { artifactId: artifact.id, details }) });
    push(documents, artifact.id, thread.id, 'deleted');
    return c.body(null, 204);
  });

  for (const [path, status, action, change] of [
    ['resolve', 'resolved', 'comment-resolved', 'resolved'],
    ['reopen', 'open', 'comment-reopened', 'reopened'],
  ] as const) {
    app.post(`/:id/comments/:threadId/${path}`, async (c) => {
      const artifact = await authorizeArtifact(c, store, 'comment');
      const thread = await threadOf(comments, artifact, c.req.param('threadId'));
      // Already so: answered as it is, nothing recorded twice.
      if (thread.status === status) return c.json(thread);
      const updated = await comments.setStatus(artifact.id, thread.id, status, c.get('principal').userId, {
        audit: auditEvent(actorOf(c), action, { artifactId: artifact.id, details: { threadId: thread.id } }),
      });
      push(documents, artifact.id, thread.id, change);
      return c.json(updated);
    });
  }

  return app;
}

async function threadOf(comments: CommentStore, artifact: ArtifactRecord, threadId: string): Promise<CommentThread> {
  const thread = await comments.thread(artifact.id, threadId);
  if (!thread) throw notFound('comment thread');
  return thread;
}

async function commentOf(comments: CommentStore, artifact: ArtifactRecord, c: Context<AppEnv>) {
  const thread = await threadOf(comments, artifact, c.req.param('threadId') as string);
  const comment = thread.comments.find((m) => m.id === c.req.param('commentId'));
  if (!comment) throw notFound('comment');
  return { thread, comment };
}

/**
 * The anchor must name a section of the live document (and an event of that timeline). Readers
 * of a pinned artifact may not see the live document, so their anchors are not checked against it.
 */
async function checkAnchor(c: Context<AppEnv>, documents: DocumentHost, artifact: ArtifactRecord, anchor: { sectionId: string; eventId?: string | undefined }): Promise<void> {
  if (!decide(c.get('principal'), 'read-live', artifact, c.get('policy')).allow) return;
  const json = await documents.readJSON(artifact.id);
  const section = json.sections.find((s) => s.id === anchor.sectionId);
  if (!section) throw badRequest('section_not_found', `no section "${anchor.sectionId}" in this artifact`, { field: 'anchor.sectionId' });
  if (anchor.eventId !== undefined && !(section.type === 'timeline' && section.events.some((e) => e.id === anchor.eventId))) {
    throw badRequest('invalid_request', `no event "${anchor.eventId}" in section "${anchor.sectionId}"`, { field: 'anchor.eventId' });
  }
}

/**
 * The `@tokens` that name a member of the org (user id, name handle, or a first name no one
 * else of the org has) and `agent`, as user ids with the tokens that named them; the rest stay text.
 */
async function resolveMentions(people: PeopleStore, orgId: string, text: string): Promise<{ userIds: string[]; handles: string[] }> {
  const userIds: string[] = [];
  const handles: string[] = [];
  const add = (userId: string, token: string) => {
    if (!userIds.includes(userId)) userIds.push(userId);
    handles.push(token);
  };
  for (const token of mentionTokens(text)) {
    if (token === AGENT_MENTION) {
      add(AGENT_MENTION, token);
      continue;
    }
    const [byId] = await people.members(orgId, [token]);
    if (byId) {
      add(byId.userId, token);
      continue;
    }
    const { people: found } = await people.directory(orgId, { q: token.replace(/[._-]+/g, ' '), limit: 50 });
    const exact = found.filter((p) => mentionHandle(p.name) === token);
    const first = found.filter((p) => mentionHandle(p.name).split('.')[0] === token);
    const person = exact.length === 1 ? exact[0] : exact.length === 0 && first.length === 1 ? first[0] : undefined;
    if (person) add(person.userId, token);
  }
  return { userIds, handles };
}

/** The audit event and, under an Idempotency-Key, the receipt of the answer (the thread as committed). */
function writeOf(c: Context<AppEnv>, action: AuditAction, artifact: ArtifactRecord, details: Record<string, unknown>, receiptOf: ReceiptOf | undefined): CommentWrite {
  return {
    audit: auditEvent(actorOf(c), action, { artifactId: artifact.id, details }),
    receipt: receiptOf && ((thread) => receiptOf({ status: 201, body: thread })),
  };
}

/** After a commit: the live push and the notifications. */
async function after(deps: CommentRoutesDeps, c: Context<AppEnv>, artifact: ArtifactRecord, thread: CommentThread, change: CommentChange, commentId: string, mentions: string[]): Promise<void> {
  push(deps.documents, artifact.id, thread.id, change);
  emit(deps, { type: 'commented', orgId: artifact.orgId, artifactId: artifact.id, threadId: thread.id, commentId, actorId: c.get('principal').userId, mentions: [] });
  try {
    await notifyMentions(deps, c, artifact, thread.id, commentId, mentions);
  } catch (error) {
    deps.logger.warn({ err: error, artifactId: artifact.id, threadId: thread.id }, 'mention notifications failed; the comment is stored');
  }
}

/**
 * `mentioned` for the mentioned members who may read the artifact (decided from their groups as
 * the directory has them): a mention never tells anyone else about it.
 */
async function notifyMentions(deps: CommentRoutesDeps, c: Context<AppEnv>, artifact: ArtifactRecord, threadId: string, commentId: string, mentions: readonly string[]): Promise<void> {
  if (!deps.notify || mentions.length === 0) return;
  const policy = c.get('policy');
  const members = await deps.people.members(artifact.orgId, mentions.filter((m) => m !== AGENT_MENTION));
  const readers = mentions.filter((userId) => {
    if (userId === AGENT_MENTION) return true;
    const member = members.find((m) => m.userId === userId);
    return member !== undefined && decide({ userId, name: member.name, orgId: artifact.orgId, roles: [], groups: member.groups }, 'read', artifact, policy).allow;
  });
  if (readers.length) emit(deps, { type: 'mentioned', orgId: artifact.orgId, artifactId: artifact.id, threadId, commentId, actorId: c.get('principal').userId, mentions: readers });
}

function emit(deps: CommentRoutesDeps, event: CommentNotification): void {
  try {
    deps.notify?.(event);
  } catch (error) {
    deps.logger.warn({ err: error, artifactId: event.artifactId, threadId: event.threadId }, 'a comment notification hook threw; the comment is stored');
  }
}

/**
 * Tells the artifact's open pages that a thread changed. Loaded here: a stateless broadcast,
 * which the Redis extension relays to the instances that have it loaded too; not loaded here
 * (the pages are on another instance): a control event, whose receivers tell their own pages.
 */
function push(documents: DocumentHost, artifactId: string, threadId: string, change: CommentChange): void {
  if (documents.isLoaded(artifactId)) documents.notify(artifactId, { type: 'comments', threadId, change });
  else documents.sessions.announce({ type: 'comments-changed', artifactId, threadId, change });
}
