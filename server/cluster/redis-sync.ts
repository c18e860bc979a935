import { Redis as RedisExtension } from '@hocuspocus/extension-redis';
import { MessageType, OutgoingMessage, type afterLoadDocumentPayload, type afterUnloadDocumentPayload, type Document, type onAwarenessUpdatePayload } from '@hocuspocus/server';
import IORedis, { type RedisOptions } from 'ioredis';
import * as decoding from 'lib0/decoding';
import type { Logger } from '../log.ts';
import { applyAwarenessRemovals, awarenessRemovalsOf } from './awareness-removals.ts';

/** After a reconnect, the loaded documents resync once at once and once more this much later. */
const RESYNC_AGAIN_MS = 1_500;

/** y-protocols' sync message type of a SyncStep1 (`messageYjsSyncStep1`). */
const SYNC_STEP_1 = 0;

/** How a document's state is read for another instance: at an instant when all of it is stored. */
export type StoredInstant = (document: Document) => Promise<(() => void) | undefined>;

export interface RedisSyncOptions {
  url: string;
  /** Namespace of every key and channel (several deployments may share one Redis). */
  prefix: string;
  /** This instance's name in Redis messages (its own echoes are skipped by it). */
  identifier: string;
  logger: Logger;
  /**
   * Takes a hold on the document's write gate (see server/collab/write-gate.ts) and returns its
   * release; undefined when the document is being reloaded and must not answer.
   */
  storedInstant: StoredInstant;
}

/**
 * ioredis settings: reconnect within a second of Redis coming back, however long it was away.
 * A publish while Redis is away fails at once rather than queueing (what it carried is repaired
 * by the resync on reconnect, and nothing piles up in memory); a subscriber's commands wait for
 * the reconnect, since subscriptions made while away are deferred anyway.
 */
export function redisOptions(role: 'publisher' | 'subscriber'): RedisOptions {
  const retryStrategy = (times: number) => Math.min(100 * times, 1_000);
  return role === 'publisher' ? { retryStrategy, enableOfflineQueue: false, maxRetriesPerRequest: 1 } : { retryStrategy, maxRetriesPerRequest: null };
}

/**
 * `@hocuspocus/extension-redis`, with five changes that our write path and presence need:
 *
 * 1. **Never answer with what is not stored.** A peer's SyncStep1 is answered with
 *    `encodeStateAsUpdate(document, theirVector)`, which would include a change this instance
 *    applied but has not committed yet (op batches and socket edits are applied unannounced and
 *    announced once stored). Every incoming SyncStep1 is therefore answered only while holding
 *    the document's write gate, at an instant when all of it is stored.
 * 2. **Resync when Redis comes back.** Pub/sub messages published while an instance was cut off
 *    are lost and the extension only repairs a document on its next change. On every (re)connect
 *    each loaded document publishes its state vector: the peers answer with what it missed and
 *    ask for what they missed (SyncStep1 → SyncStep2 + SyncStep1), so all converge.
 * 3. **Serve while Redis is away.** Loading a document subscribes to its channel; with Redis
 *    down that would wait for the reconnect. A document loaded then is served from storage at
 *    once and joins its channel when Redis returns.
 * 4. **No store lock.** The extension takes a Redlock around `onStoreDocument` so that two
 *    instances do not both write a whole document. We never store documents whole (every update
 *    is appended before it is applied; compaction folds stored rows under the artifact's row
 *    lock), so the lock would guard nothing and only fail while Redis is down.
 * 5. **Say when the last viewer leaves.** The extension publishes awareness in the next turn and
 *    only if the document still has connections then, so when the last socket of this instance
 *    closed its removal never went out, and the other instances showed that person present for
 *    another 30 s (y-protocols' outdated timeout). Such removals are published here, and applied
 *    on receipt (Hocuspocus drops them, see awareness-removals.ts).
 */
export class RedisSync extends RedisExtension {
  extensionName = 'redis';
  /** Documents loaded while Redis was away: they join their channel when it is back. */
  private readonly waiting = new Map<string, afterLoadDocumentPayload>();
  private readonly logger: Logger;
  /** Set on the first connection: later ones are reconnects, which resync. */
  private everReady = false;
  private stopped = false;

  constructor(private readonly options: RedisSyncOptions) {
    super({
      identifier: options.identifier,
      prefix: options.prefix,
      // The extension makes its publisher first, then its subscriber.
      createClient: (() => {
        let made = 0;
        return () => new IORedis(options.url, redisOptions(made++ === 0 ? 'publisher' : 'subscriber'));
      })(),
    });
    this.logger = options.logger;
    // ioredis emits 'error' on every failed reconnect; without a listener it would print them.
    for (const client of [this.pub, this.sub]) client.on('error', (error: Error) => this.logger.debug({ err: error }, 'redis connection error'));
    this.publishNeverRejects();
    this.gateIncomingSyncSteps();
    // ioredis emits 'ready' before it sends the resubscriptions of a reconnect: rejoin after them.
    this.sub.on('ready', () => setImmediate(() => void this.rejoin()));
    this.sub.on('close', () => {
      if (!this.stopped && this.everReady) this.logger.warn('lost the connection to Redis; serving this instance\'s sockets alone until it is back');
    });
  }

  /** Whether both connections are up (for /readyz). Not `connected`: that name is a Hocuspocus hook. */
  get linkUp(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  /** Asks Redis for an answer (for /readyz); throws when it does not give one. */
  async ping(): Promise<void> {
    if (!this.linkUp) throw new Error(`redis is ${this.sub.status}`);
    await this.pub.ping();
  }

  override async afterLoadDocument(payload: afterLoadDocumentPayload): Promise<void> {
    if (this.sub.status !== 'ready') {
      this.waiting.set(payload.documentName, payload);
      return;
    }
    await super.afterLoadDocument(payload);
  }

  override async afterUnloadDocument(payload: afterUnloadDocumentPayload): Promise<void> {
    // Never subscribed, or the connections are closed already (shutdown): nothing to leave.
    if (this.waiting.delete(payload.documentName) || this.stopped) return;
    // Being loaded again already (a reload after a failed commit): its channel stays. The
    // extension checks only for a document that finished loading, and its unsubscribe would
    // then land after the new copy's subscribe.
    if (payload.instance.loadingDocuments.has(payload.documentName)) return;
    await super.afterUnloadDocument(payload);
  }

  override async onAwarenessUpdate(payload: onAwarenessUpdatePayload): Promise<void> {
    await super.onAwarenessUpdate(payload);
    const { removed, document, documentName, awareness } = payload;
    if (removed.length === 0 || this.stopped) return;
    // Queued after the extension's own publish of this turn, which carried it if anyone is left.
    setImmediate(() => {
      if (document.connections.size > 0) return;
      void this.publish(documentName, new OutgoingMessage(documentName).createAwarenessUpdateMessage(awareness, removed).toUint8Array());
    });
  }

  override async onStoreDocument(): Promise<void> {}

  override async afterStoreDocument(): Promise<void> {}

  override async onDestroy(): Promise<void> {
    this.stopped = true;
    await super.onDestroy();
  }

  /**
   * While Redis is away every publish fails at once, and the extension does not catch all of
   * them: the answer to a peer's sync request and a stateless broadcast are published without
   * anyone awaiting the promise, and an unhandled rejection ends the process. A failed publish
   * is logged and counts as sent to nobody; the resync after the reconnect repairs what it
   * carried.
   */
  private publishNeverRejects(): void {
    const pub = this.pub as IORedis;
    const publish = pub.publish.bind(pub) as (channel: string | Buffer, message: string | Buffer) => Promise<number>;
    (pub as unknown as { publish: typeof publish }).publish = (channel, message) =>
      publish(channel, message).catch((error: unknown) => {
        this.logger.debug({ err: error }, 'a publish to Redis failed; the resync after the reconnect repairs it');
        return 0;
      });
  }

  /**
   * Replaces the extension's message listener with one that answers a SyncStep1 only while the
   * document's write gate is held (see the class comment). Other messages (updates, awareness,
   * stateless) pass straight through. ioredis' listener list is public API.
   */
  private gateIncomingSyncSteps(): void {
    const [handle] = this.sub.listeners('messageBuffer') as ((channel: Buffer, data: Buffer) => Promise<void>)[];
    if (!handle) throw new Error('the Redis extension no longer listens for messageBuffer; see server/cluster/redis-sync.ts');
    this.sub.removeAllListeners('messageBuffer');
    this.sub.on('messageBuffer', (channel: Buffer, data: Buffer) => {
      void this.receive(channel, data, handle).catch((error: unknown) => this.logger.warn({ err: error }, 'a message from another instance could not be applied'));
    });
  }

  private async receive(channel: Buffer, data: Buffer, handle: (channel: Buffer, data: Buffer) => Promise<void>): Promise<void> {
    const gone = awarenessRemovalsOf(data);
    const from = gone && this.instance?.documents.get(gone.documentName);
    if (gone && from) applyAwarenessRemovals(from, gone.removals, { source: 'redis' });
    const target = syncStepOneTarget(data);
    const document = target && this.instance?.documents.get(target);
    if (!document) return handle(channel, data);
    const release = await this.options.storedInstant(document);
    if (!release) return; // being reloaded from storage: it answers once loaded again
    try {
      await handle(channel, data);
    } finally {
      release();
    }
  }

  /** On every (re)connect: documents loaded meanwhile join their channels, the others resync. */
  private async rejoin(): Promise<void> {
    const first = !this.everReady;
    this.everReady = true;
    try {
      // In subscriber mode a PING is answered after the resubscriptions ioredis sent on
      // reconnecting: from then on no reply to what we publish can be missed.
      await this.sub.ping();
      const waiting = [...this.waiting.values()];
      this.waiting.clear();
      for (const payload of waiting) {
        if (this.instance.documents.get(payload.documentName) === payload.document) await super.afterLoadDocument(payload);
      }
      if (first) return;
      const joined = new Set(waiting.map((p) => p.documentName));
      const resynced = await this.resync(joined);
      this.logger.info({ resynced, joined: waiting.length }, 'the connection to Redis is back; loaded documents resynced with the other instances');
      // Once more a moment later, for the instances that were still reconnecting the first time
      // (their own resync covers them too; this costs one message per loaded document).
      setTimeout(() => void this.resync(joined).catch(() => undefined), RESYNC_AGAIN_MS).unref();
    } catch (error) {
      this.logger.warn({ err: error }, 'resyncing with the other instances after a Redis reconnect failed; the next change repairs it');
    }
  }

  /** Publishes every loaded document's state vector (and asks for awareness); returns how many. */
  private async resync(skip: Set<string>): Promise<number> {
    if (this.stopped || this.sub.status !== 'ready') return 0;
    let count = 0;
    for (const [name, document] of this.instance.documents) {
      if (skip.has(name)) continue;
      await this.publish(name, new OutgoingMessage(name).createSyncMessage().writeFirstSyncStepFor(document).toUint8Array());
      await this.publish(name, new OutgoingMessage(name).writeQueryAwareness().toUint8Array());
      count++;
    }
    return count;
  }

  /** The extension's wire form: [identifier length][identifier][message] on `<prefix>:<document>`. */
  private publish(documentName: string, message: Uint8Array): Promise<number> {
    const identifier = Buffer.from(this.options.identifier, 'utf8');
    return this.pub.publish(`${this.options.prefix}:${documentName}`, Buffer.concat([Buffer.from([identifier.length]), identifier, message]));
  }
}

/** The document a message asks a SyncStep1 answer of, or undefined for any other message. */
export function syncStepOneTarget(data: Buffer): string | undefined {
  try {
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const identifierLength = decoding.readUint8(decoder);
    decoder.pos += identifierLength;
    const documentName = decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type !== MessageType.Sync && type !== MessageType.SyncReply) return undefined;
    return decoding.readVarUint(decoder) === SYNC_STEP_1 ? documentName : undefined;
  } catch {
    return undefined;
  }
}
