import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { Webhook, WebhookEventType, WebhookPayload } from '#shared/api';
import type { Logger } from '../log.ts';
import type { ArtifactStore, ClaimedDelivery, NewDelivery, WebhookStore } from '../store/index.ts';
import { outcomeOf, retryAfterMs, retryDelayMs } from './backoff.ts';
import { postOnce } from './post-once.ts';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.ts';
import { resolveTarget, TargetRefused, targetPolicy, type TargetPolicy } from './url-guard.ts';

/**
 * Something that happened to an artifact that hooks may subscribe to. Comments pass `text`;
 * it reaches a receiver only when the org's admins opted in to content (`includeContent`).
 */
export interface WebhookEvent {
  type: WebhookEventType;
  orgId: string;
  artifactId: string;
  actorId: string;
  /** ISO 8601; when it happened. */
  at: string;
  version?: number;
  threadId?: string;
  commentId?: string;
  mentions?: readonly string[];
  text?: string;
}

/** The resolved webhook settings of server/config.ts. */
export interface WebhookSettings {
  allowedHosts: readonly string[];
  caFile: string | undefined;
  timeoutMs: number;
  maxAttempts: number;
  pollIntervalMs: number;
}

export interface WebhookNotifierDeps {
  store: WebhookStore;
  artifacts: Pick<ArtifactStore, 'getArtifact'>;
  settings: Readonly<WebhookSettings>;
  logger: Logger;
  /** The app's public origin, for the artifact URLs in bodies. */
  appOrigin: () => string;
  /** Injected in tests, so a backoff schedule is checked without waiting an hour. */
  now?: () => number;
  random?: () => number;
}

/** Deliveries one run claims (and sends at once); a run continues while it finds a full batch. */
const BATCH = 8;

/**
 * Outgoing webhooks: `notify` queues one delivery row per subscribed hook (durably, in the
 * database) and wakes the background worker, which claims due deliveries (one instance per
 * delivery, even with several), signs and posts them, and records every attempt. notify never
 * throws and never waits for a receiver: a failure to queue is logged, the request that caused
 * the event goes on. Pending deliveries survive a restart: the next worker finds them due.
 */
export class WebhookNotifier {
  readonly policy: TargetPolicy;
  readonly #deps: WebhookNotifierDeps;
  readonly #ca: readonly string[] | undefined;
  readonly #now: () => number;
  readonly #random: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  /** Not started (or stopped): nothing wakes the worker; `runOnce` still works (tests). */
  #stopped = true;
  /** Set by `stop`: a run in progress ends after its current batch. */
  #halting = false;
  readonly #queueing = new Set<Promise<void>>();

  constructor(deps: WebhookNotifierDeps) {
    this.#deps = deps;
    this.policy = targetPolicy(deps.settings.allowedHosts);
    // Read once at boot: a missing or unreadable file stops the server with its path.
    this.#ca = deps.settings.caFile ? [...rootCertificates, readFileSync(deps.settings.caFile, 'utf8')] : undefined;
    this.#now = deps.now ?? Date.now;
    this.#random = deps.random ?? Math.random;
  }

  /**
   * Queues the event for every hook of the artifact and its org that subscribes to its type,
   * without holding up the caller: call it after the change committed, and do not await it
   * (the returned promise is for tests; shutdown waits for it before storage closes).
   */
  notify(event: WebhookEvent): Promise<void> {
    const queued = this.#enqueue(event).finally(() => this.#queueing.delete(queued));
    this.#queueing.add(queued);
    return queued;
  }

  async #enqueue(event: WebhookEvent): Promise<void> {
    try {
      const hooks = await this.#deps.store.matching(event.orgId, event.artifactId, event.type);
      if (!hooks.length) return;
      const artifact = await this.#deps.artifacts.getArtifact(event.artifactId);
      if (!artifact) return;
      const withText = event.text !== undefined && (await this.#deps.store.includeContent(event.orgId));
      const due = new Date(this.#now());
      const deliveries: NewDelivery[] = hooks.map((hook) => {
        const id = newDeliveryId();
        const payload: WebhookPayload = {
          deliveryId: id,
          type: event.type,
          at: event.at,
          orgId: event.orgId,
          hookId: hook.id,
          actorId: event.actorId,
          artifact: { id: artifact.id, title: artifact.title, url: this.#artifactUrl(artifact.id, event.type === 'published' ? event.version : undefined) },
          ...(event.version !== undefined ? { version: event.version } : {}),
          ...(event.threadId !== undefined ? { threadId: event.threadId } : {}),
          ...(event.commentId !== undefined ? { commentId: event.commentId } : {}),
          ...(event.mentions !== undefined ? { mentions: [...event.mentions] } : {}),
          ...(withText ? { text: event.text } : {}),
        };
        return { id, hookId: hook.id, artifactId: artifact.id, event: event.type, body: JSON.stringify(payload), nextAttemptAt: due };
      });
      await this.#deps.store.enqueue(deliveries);
      this.#wake();
    } catch (error: unknown) {
      this.#deps.logger.warn({ err: error, event: event.type, artifactId: event.artifactId, orgId: event.orgId }, 'a webhook event could not be queued; its deliveries are lost');
    }
  }

  /** "Send test event": one delivery of type `test` to `hook`, whatever its events. */
  async sendTest(hook: Webhook, orgId: string, actorId: string): Promise<string> {
    const artifact = hook.artifactId ? await this.#deps.artifacts.getArtifact(hook.artifactId) : null;
    const id = newDeliveryId();
    const now = new Date(this.#now());
    const payload: WebhookPayload = {
      deliveryId: id,
      type: 'test',
      at: now.toISOString(),
      orgId,
      hookId: hook.id,
      actorId,
      artifact: artifact ? { id: artifact.id, title: artifact.title, url: this.#artifactUrl(artifact.id) } : null,
    };
    await this.#deps.store.enqueue([{ id, hookId: hook.id, artifactId: artifact?.id ?? null, event: 'test', body: JSON.stringify(payload), nextAttemptAt: now }]);
    this.#wake();
    return id;
  }

  /** Starts the background worker: it runs every poll interval and whenever this instance queues something. */
  start(): void {
    this.#stopped = false;
    this.#halting = false;
    this.#wake();
  }

  /** Stops the worker and waits for the attempts it is making (each bounded by the timeout). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#halting = true;
    clearTimeout(this.#timer);
    await Promise.all([...this.#queueing]);
    await this.#running;
  }

  /**
   * Claims and delivers what is due now, until nothing is; resolves when those attempts are
   * recorded. The worker calls it; tests call it with an injected clock.
   */
  runOnce(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          const claimed = await this.#deps.store.claimDue(new Date(this.#now()), BATCH, this.#deps.settings.timeoutMs + 30_000);
          await Promise.all(claimed.map((d) => this.#deliver(d)));
          if (claimed.length === BATCH) this.#again = true;
        } while (this.#again && !this.#halting);
      } catch (error: unknown) {
        this.#deps.logger.warn({ err: error }, 'the webhook worker could not reach storage; it tries again at its next run');
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  #wake(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    void this.runOnce().finally(() => {
      if (this.#stopped) return;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#wake(), this.#deps.settings.pollIntervalMs);
      this.#timer.unref();
    });
  }

  async #deliver(delivery: ClaimedDelivery): Promise<void> {
    const at = new Date(this.#now());
    const url = new URL(delivery.url);
    let result: { statusCode: number | null; durationMs: number; error: string | null; retryAfter?: string };
    let refused = false;
    try {
      const target = await resolveTarget(url, this.policy);
      const headers = {
        'Content-Type': 'application/json',
        'User-Agent': 'LiveArtifacts-Webhooks/1',
        [EVENT_HEADER]: delivery.event,
        [DELIVERY_HEADER]: delivery.id,
        [SIGNATURE_HEADER]: signatureHeader(delivery.secret, delivery.body, Math.floor(at.getTime() / 1_000)),
      };
      result = await postOnce(url, target, delivery.body, headers, { timeoutMs: this.#deps.settings.timeoutMs, ca: this.#ca });
    } catch (error: unknown) {
      // A host that now resolves to a private address is refused for good; a DNS failure may pass.
      refused = error instanceof TargetRefused;
      result = { statusCode: null, durationMs: 0, error: error instanceof Error ? error.message.slice(0, 300) : 'the host could not be resolved' };
    }
    const verdict = refused ? 'stop' : outcomeOf(result.statusCode);
    const retry = verdict === 'retry' && delivery.attempt < this.#deps.settings.maxAttempts;
    const nextAttemptAt = new Date(this.#now() + retryDelayMs(delivery.attempt, this.#random(), retryAfterMs(result.retryAfter, this.#now())));
    try {
      await this.#deps.store.recordAttempt(delivery, {
        at,
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        error: result.error ?? (verdict === 'delivered' ? null : `HTTP ${result.statusCode}`),
        outcome: verdict === 'delivered' ? { status: 'delivered' } : retry ? { status: 'pending', nextAttemptAt } : { status: 'failed' },
      });
    } catch (error: unknown) {
      // The claim's lease runs out and another run tries again (the receiver may see it twice: same delivery id).
      this.#deps.logger.warn({ err: error, deliveryId: delivery.id }, 'a webhook attempt could not be recorded');
    }
  }

  #artifactUrl(artifactId: string, version?: number): string {
    return `${this.#deps.appOrigin()}/a/${artifactId}${version !== undefined ? `/v/${version}` : ''}`;
  }
}

function newDeliveryId(): string {
  return `whd_${randomBytes(12).toString('hex')}`;
}

export function newHookId(): string {
  return `wh_${randomBytes(9).toString('hex')}`;
}
