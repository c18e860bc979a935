import type { Extension, afterHandleMessagePayload, afterUnloadDocumentPayload, beforeSyncPayload, onLoadDocumentPayload } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { parseArtifactId } from '#shared';
import { auditActor, auditEvent } from '../audit/actor.ts';
import { badRequest, notFound, unavailable } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ArtifactStore, LogEntry, StoredDocument, UpdateLog } from '../store/index.ts';
import type { CollabContext } from './context.ts';
import { canSetListenersAside, messageQueueOf, withUpdateListenersSetAside } from './internals.ts';
import type { WriteGates } from './write-gate.ts';

/** y-protocols message type of sync messages, and the sync types that carry document changes. */
const MESSAGE_SYNC = 0;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
/** An encoded Yjs update with no structs and no deletions. */
const EMPTY_UPDATE_BYTES = 2;
/** On unload, fold the log only when it is long enough to make the next load slower. */
const COMPACT_ON_UNLOAD_MIN = 20;

export interface PersistenceOptions {
  /** Fold a document's log once it holds this many updates. */
  compactAfterUpdates: number;
  /** How long a server change may wait for its commit to start before it is refused (503). */
  commitQueueTimeoutMs: number;
  logger: Logger;
}

/**
 * Durable before acknowledged. Socket updates are appended to the log in `beforeSync`, which
 * Hocuspocus awaits before it applies the update and sends the sync status; op batches are
 * appended by the document host before the HTTP answer. The log is folded into one state row
 * from what is *stored*, never from the in-memory document, so a document that failed to
 * load (or loaded partially) can never overwrite stored state.
 */
export class Persistence implements Extension {
  readonly extensionName = 'persistence';
  /** Log entries per loaded artifact since its last compaction. */
  private readonly logLength = new Map<string, number>();
  private readonly compacting = new Map<string, Promise<void>>();
  /**
   * Raw messages stored ahead of their turn (see `beforeSync`) → the commit that holds them.
   * Keyed by the very message object in the connection's queue; gone with it.
   */
  private readonly storedAhead = new WeakMap<Uint8Array, Promise<void>>();
  /** The write-gate hold a connection's sync step 1 took, released once its reply is sent. */
  private readonly holds = new WeakMap<object, () => void>();

  constructor(
    private readonly store: ArtifactStore,
    private readonly log: UpdateLog,
    private readonly gates: WriteGates,
    private readonly options: PersistenceOptions,
  ) {}

  async onLoadDocument({ documentName, document }: onLoadDocumentPayload): Promise<void> {
    const id = parseArtifactId(documentName);
    if (!id) throw notFound();
    // A storage error propagates: Hocuspocus then closes the connections and drops the
    // half-made document instead of serving (and later saving) an empty one.
    let stored: StoredDocument;
    try {
      stored = await this.store.loadDocument(id);
    } catch (error) {
      this.options.logger.error({ err: error, artifactId: id }, 'loading a document failed; it is not served');
      throw unavailable('the artifact could not be loaded from storage', error);
    }
    applyUnannounced(document, stored);
    this.logLength.set(id, stored.updates.length);
    if (stored.updates.length >= this.options.compactAfterUpdates) this.compactSoon(id);
  }

  /**
   * Stores a socket update before Hocuspocus applies, broadcasts and acknowledges it.
   *
   * Hocuspocus handles one connection's messages strictly one after another, awaiting this
   * hook for each, so an agent streaming edits over one socket would pay one commit per edit
   * and fall behind as soon as edits come faster than commits. Instead, the updates already
   * queued behind this one on the same connection are stored in the same commit ("pipelined
   * group commit"); when their turn comes they find themselves stored and go straight on. They
   * are then applied in one event-loop turn, so Hocuspocus broadcasts them as one merged
   * update: under load, batches grow and the work per edit shrinks instead of queueing.
   */
  async beforeSync({ type, payload, connection, document, documentName, context }: beforeSyncPayload): Promise<void> {
    if (type === SYNC_STEP_1) {
      // Hocuspocus answers step 1 with the document's state: wait until nothing in it is
      // unstored (a server change awaiting its commit), and keep such changes out until the
      // answer is sent (afterHandleMessage). A document being reloaded refuses (`reloading`).
      this.holds.set(connection, await this.gates.of(document).hold());
      return;
    }
    if (type !== SYNC_STEP_2 && type !== SYNC_UPDATE) return;
    const queue = messageQueueOf(connection);
    const current = queue?.[0];
    const ahead = current && this.storedAhead.get(current);
    if (ahead) {
      this.storedAhead.delete(current);
      await ahead;
      // Stored while the connection could still edit; if it has since become read-only,
      // Hocuspocus will refuse it, so apply it here: memory never lacks a stored update.
      if (connection.readOnly) Y.applyUpdate(document, payload, { source: 'connection', connection });
      return;
    }
    // Read-only connections are refused by Hocuspocus right after this hook; never store theirs.
    if (connection.readOnly || payload.length <= EMPTY_UPDATE_BYTES) return;
    const id = parseArtifactId(documentName);
    if (!id) throw notFound();
    // A malformed update stored in the log would make the document unloadable: refuse it.
    if (!decodes(payload)) throw badRequest('invalid_update', 'the message does not hold a valid Yjs update; nothing was stored');
    // The run of well-formed updates right behind this one: Hocuspocus applies each of them
    // next (only a throwing message empties the queue, and none of these throws). None of them
    // is stored yet: a run always starts right behind a message that was not stored ahead.
    const later: [raw: Uint8Array, update: Uint8Array][] = [];
    for (const raw of queue?.slice(1) ?? []) {
      const update = queuedUpdate(raw, documentName);
      if (!update) break;
      later.push([raw, update]);
    }
    // A connection's first stored update carries its 'edited' event; later ones (keystrokes) do not.
    const session = context as CollabContext | undefined;
    const audit = session && !session.editAudited ? auditEvent(auditActor(session.principal, session.clientAddress ?? null), 'edited', { artifactId: id, details: { via: 'socket' } }) : undefined;
    if (session && audit) session.editAudited = true;
    // All entries join one group commit (appended in the same turn), which is all or nothing.
    const committed = Promise.all([
      this.persist({ artifactId: id, data: payload.slice(), ...(audit ? { audit } : {}) }),
      ...later.map(([, data]) => this.persist({ artifactId: id, data })),
    ]).then(() => undefined);
    for (const [raw] of later) this.storedAhead.set(raw, committed);
    try {
      await committed;
    } catch (error) {
      if (session && audit) session.editAudited = false; // rolled back with the update: the next one carries it
      // Hocuspocus closes the connection and drops its queue; nothing stored ahead is applied.
      throw error;
    }
  }

  async afterHandleMessage({ connection }: afterHandleMessagePayload): Promise<void> {
    const release = this.holds.get(connection);
    if (!release) return;
    this.holds.delete(connection);
    release();
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    const id = parseArtifactId(documentName);
    if (!id) return;
    if ((this.logLength.get(id) ?? 0) >= COMPACT_ON_UNLOAD_MIN) await this.compactNow(id);
    this.logLength.delete(id);
  }

  /**
   * Appends one update to the log; resolves once it is committed. Server changes (`guard`) may
   * wait at most `commitQueueTimeoutMs` for their commit to start.
   */
  async persist(entry: LogEntry): Promise<void> {
    await this.log.append(entry, entry.guard ? { queueTimeoutMs: this.options.commitQueueTimeoutMs } : {});
    this.counted(entry.artifactId);
  }

  /** Counts an update committed outside the log's group commit (a restore's transaction). */
  counted(artifactId: string): void {
    const length = (this.logLength.get(artifactId) ?? 0) + 1;
    this.logLength.set(artifactId, length);
    if (length >= this.options.compactAfterUpdates) this.compactSoon(artifactId);
  }

  /** Waits for running compactions (shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.all(this.compacting.values());
  }

  private compactSoon(id: string): void {
    if (this.compacting.has(id)) return;
    void this.compactNow(id);
  }

  private compactNow(id: string): Promise<void> {
    const running = this.compacting.get(id);
    if (running) return running;
    const job = this.store
      .compact(id, foldStored)
      .then((folded) => {
        this.logLength.set(id, Math.max(0, (this.logLength.get(id) ?? 0) - folded));
        this.options.logger.debug({ artifactId: id, folded }, 'compacted update log');
      })
      .catch((error: unknown) => {
        // Not critical: the log stays complete and the next trigger tries again.
        this.options.logger.warn({ err: error, artifactId: id }, 'compaction failed; the log is kept');
      })
      .finally(() => this.compacting.delete(id));
    this.compacting.set(id, job);
    return job;
  }
}

/** The update inside a queued raw message, if it is a sync update (or step 2) for `documentName`. */
function queuedUpdate(raw: Uint8Array, documentName: string): Uint8Array | undefined {
  try {
    const decoder = decoding.createDecoder(raw);
    const address = decoding.readVarString(decoder);
    const separator = address.indexOf('\0');
    if ((separator === -1 ? address : address.slice(0, separator)) !== documentName) return undefined;
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return undefined;
    const syncType = decoding.readVarUint(decoder);
    if (syncType !== SYNC_UPDATE && syncType !== SYNC_STEP_2) return undefined;
    const update = decoding.readVarUint8Array(decoder);
    return update.length > EMPTY_UPDATE_BYTES && decodes(update) ? update.slice() : undefined;
  } catch {
    return undefined; // not ours to judge here: it is refused in its own turn
  }
}

/** Whether `update` parses as a Yjs update (structs and delete set). */
function decodes(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update);
    return true;
  } catch {
    return false;
  }
}

/** Applies a stored state and log to a document, in one transaction. */
export function applyStored(doc: Y.Doc, stored: StoredDocument): void {
  doc.transact(() => {
    if (stored.state) Y.applyUpdate(doc, stored.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
}

/**
 * Loads stored content into a document nobody is connected to yet, without its 'update' event.
 * Yjs encodes a transaction's changes as an update only when 'update' has listeners, and the
 * Hocuspocus document always has one (its broadcast), so a plain apply would encode the whole
 * loaded document once more, for nobody: a fifth of a 10,000-section cold load, plus its
 * garbage. Where the listeners cannot be set aside, it is simply a plain apply.
 */
export function applyUnannounced(doc: Y.Doc, stored: StoredDocument): void {
  if (canSetListenersAside(doc)) withUpdateListenersSetAside(doc, () => applyStored(doc, stored));
  else applyStored(doc, stored);
}

/** The state and log as one update: applied to a fresh document, then encoded once. */
function foldStored(stored: StoredDocument): Uint8Array {
  const doc = new Y.Doc();
  applyStored(doc, stored);
  const folded = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return folded;
}
