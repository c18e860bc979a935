import { Hono } from 'hono';
import { z } from 'zod';
import { decide } from '#policies';
import type { AgentQueue } from '#shared/api';
import { decodeCursor, encodeCursor } from '../audit/index.ts';
import { badRequest } from '../errors.ts';
import type { ArtifactRecord, ArtifactStore, CommentStore } from '../store/index.ts';
import type { AppEnv } from './context.ts';

export const MAX_QUEUE_PAGE = 100;
const CURSOR_LIST = 'comments-agent';

/** Query of `GET /api/comments/agent` (exported for the OpenAPI document). */
export const agentQueueQuerySchema = z.strictObject({
  since: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_QUEUE_PAGE).default(50),
});

/**
 * `GET /api/comments/agent?since=<cursor>`: the open threads routed to the agent (`@agent`, "Ask
 * the agent", or a person replying in such a thread) in artifacts the caller may edit, in the
 * order they were routed. A thread routed again moves to the end, so an agent polling with the
 * cursor it got sees each new question once. The cursor is the position after the last thread
 * looked at (those the caller may not edit are skipped, not counted), so pages never repeat
 * or skip one.
 */
export function commentQueueRoutes({ store, comments }: { store: ArtifactStore; comments: CommentStore }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/agent', async (c) => {
    const parsed = agentQueueQuerySchema.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.code === 'unrecognized_keys' ? (issue.keys[0] ?? 'query') : String(issue?.path[0] ?? 'query');
      throw badRequest('invalid_filter', `${field}: ${issue?.message ?? 'invalid'}`, { field });
    }
    const { since, limit } = parsed.data;
    const after = since ? decodeCursor(CURSOR_LIST, since, (v): v is { s: number } => Number.isSafeInteger(v['s']) && (v['s'] as number) >= 0).s : 0;
    const principal = c.get('principal');
    const policy = c.get('policy');
    const rows = await comments.routed(principal.orgId, after, limit + 1);
    const page = rows.slice(0, limit);
    const artifacts = new Map<string, ArtifactRecord | null>();
    const items: AgentQueue['items'] = [];
    for (const { thread } of page) {
      if (!artifacts.has(thread.artifactId)) artifacts.set(thread.artifactId, await store.getArtifact(thread.artifactId));
      const artifact = artifacts.get(thread.artifactId) ?? null;
      if (artifact && decide(principal, 'edit', artifact, policy).allow) items.push({ artifactId: artifact.id, artifactTitle: artifact.title, thread });
    }
    const last = page.at(-1);
    const body: AgentQueue = { items, cursor: encodeCursor(CURSOR_LIST, { s: last ? last.seq : after }), more: rows.length > limit };
    return c.json(body);
  });
  return app;
}
