import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { decide } from '#policies';
import { HOOK_SOURCES, hookEventOps, hookEventSchema, sessionTemplate, sessionTitle, type HookEvent } from '#shared/hooks';
import type { DocumentHost } from '../collab/index.ts';
import { notFound } from '../errors.ts';
import { refusalError } from '../governance/errors.ts';
import type { ArtifactRecord, ArtifactStore, HookSessionKey, HookSessionStore } from '../store/index.ts';
import { actorOf, publicUrl } from '../http/audit-context.ts';
import { createArtifactWith, discardArtifact } from '../http/create-artifact.ts';
import { enforce } from '../http/authorize.ts';
import { parse, readJson } from '../http/body.ts';
import type { AppEnv } from '../http/context.ts';
import { KeyedQueue } from './keyed-queue.ts';

export interface HookRoutesDeps {
  store: ArtifactStore;
  documents: DocumentHost;
  hookSessions: HookSessionStore;
}

/**
 * `Hook-Event-At`: when the agent's side read the event (sent by `artifacts hook`). Hooks run
 * concurrently and may arrive out of order; the sender's time keeps a tool call's duration right
 * whichever of its Pre and Post lands first. A time off by more than a day is not believed.
 */
const EVENT_TIME_HEADER = 'hook-event-at';
const MAX_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

function eventTime(header: string | undefined, nowMs: number): string {
  const sent = header ? Date.parse(header) : Number.NaN;
  return new Date(Number.isFinite(sent) && Math.abs(sent - nowMs) <= MAX_CLOCK_SKEW_MS ? sent : nowMs).toISOString();
}

const sourceSchema = z.enum(HOOK_SOURCES);

/**
 * `POST /api/hooks/:source`: one agent hook event (the JSON Claude Code or Codex writes to a
 * command hook's stdin) updates the caller's session artifact, created on the session's first
 * event, private to the caller. Answers once the change is committed.
 */
export function hookRoutes({ store, documents, hookSessions }: HookRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const queue = new KeyedQueue();

  app.post('/:source', async (c) => {
    const parsedSource = sourceSchema.safeParse(c.req.param('source'));
    if (!parsedSource.success) throw notFound('route');
    const source = parsedSource.data;
    // Writing a session is creating (the first event) and editing (every later one) an artifact of one's own.
    enforce(c, 'create', null, 'your role may not create artifacts');
    const event = parse(hookEventSchema, await readJson(c));
    const at = eventTime(c.req.header(EVENT_TIME_HEADER), Date.now());
    const principal = c.get('principal');
    const key: HookSessionKey = { userId: principal.userId, source, sessionId: event.session_id };
    const result = await queue.run(JSON.stringify([key.userId, key.source, key.sessionId]), async () => {
      const found = await sessionArtifact(c, key);
      const { artifact, created } = found ?? (await createSession(c, key, event, at));
      const current = await documents.readJSON(artifact.id);
      const ops = hookEventOps(event, { source, at, current });
      const { applied } = ops.length > 0 ? await documents.applyOps(artifact, principal, { ops }, actorOf(c)) : { applied: 0 };
      return { artifact, created, applied };
    });
    return c.json(
      { artifactId: result.artifact.id, url: publicUrl(c, `/a/${result.artifact.id}`), created: result.created, applied: result.applied },
      result.created ? 201 : 200,
    );
  });

  /** The session's artifact if it has one the caller may still edit; refused (403) when it exists but may not be edited (legal hold, feature off). */
  async function sessionArtifact(c: Context<AppEnv>, key: HookSessionKey): Promise<{ artifact: ArtifactRecord; created: false } | null> {
    const id = await hookSessions.find(key);
    const artifact = id ? await store.getArtifact(id) : null;
    if (!artifact) return null;
    const decision = decide(c.get('principal'), 'edit', artifact, c.get('policy'));
    if (!decision.allow) throw refusalError(decision, 'this session artifact may no longer be edited');
    return { artifact, created: false };
  }

  async function createSession(c: Context<AppEnv>, key: HookSessionKey, event: HookEvent, at: string): Promise<{ artifact: ArtifactRecord; created: boolean }> {
    const principal = c.get('principal');
    const actor = actorOf(c);
    const title = sessionTitle(event);
    const artifact = await createArtifactWith({ store, documents }, principal, actor, {
      title,
      kind: 'session',
      ops: sessionTemplate({ title, now: at }),
      details: { via: 'hook', source: key.source },
    });
    const holder = await hookSessions.claim(key, artifact.id).catch(async (error: unknown) => {
      await discardArtifact(store, actor, artifact.id, 'create-failed');
      throw error;
    });
    if (holder === artifact.id) return { artifact, created: true };
    // Another instance created this session's artifact meanwhile: write to that one.
    await discardArtifact(store, actor, artifact.id, 'hook-session-race');
    const theirs = await sessionArtifact(c, key);
    if (!theirs) throw notFound('artifact');
    return theirs;
  }

  return app;
}
