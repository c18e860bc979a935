import type { Extension, afterUnloadDocumentPayload, beforeSyncPayload, onLoadDocumentPayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import { parseArtifactId } from '#shared';
import { auditActor, auditEvent } from '../audit/actor.ts';
import { notFound, unavailable } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ArtifactStore, LogEntry, StoredDocument, UpdateLog } from '../store/index.ts';
import type { CollabContext } from './context.ts';

/** y-protocols sync message types that carry document changes. */
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
/** An encoded Yjs update with no structs and no deletions. */
const EMPTY_UPDATE_BYTES = 2;
/** On unload, fold the log only when it is long enough to make the next load slower. */
const COMPACT_ON_UNLOAD_MIN = 20;

export interface PersistenceOptions {
  /** Fold a document's log once it holds this many updates. */
  compactAfterUpdates: number;
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

  constructor(
    private readonly store: ArtifactStore,
    private readonly log: UpdateLog,
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
    applyStored(document, stored);
    this.logLength.set(id, stored.updates.length);
    if (stored.updates.length >= this.options.compactAfterUpdates) this.compactSoon(id);
  }

  async beforeSync({ type, payload, connection, documentName, context }: beforeSyncPayload): Promise<void> {
    if (type !== SYNC_STEP_2 && type !== SYNC_UPDATE) return;
    // Read-only connections are refused by Hocuspocus right after this hook; never store theirs.
    if (connection.readOnly || payload.length <= EMPTY_UPDATE_BYTES) return;
    const id = parseArtifactId(documentName);
    if (!id) throw notFound();
    // A connection's first stored update carries its 'edited' event; later ones (keystrokes) do not.
    const session = context as CollabContext | undefined;
    const audit = session && !session.editAudited ? auditEvent(auditActor(session.principal, session.clientAddress ?? null), 'edited', { artifactId: id, details: { via: 'socket' } }) : undefined;
    if (session && audit) session.editAudited = true;
    try {
      await this.persist({ artifactId: id, data: payload.slice(), ...(audit ? { audit } : {}) });
    } catch (error) {
      if (session && audit) session.editAudited = false; // rolled back with the update: the next one carries it
      throw error;
    }
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    const id = parseArtifactId(documentName);
    if (!id) return;
    if ((this.logLength.get(id) ?? 0) >= COMPACT_ON_UNLOAD_MIN) await this.compactNow(id);
    this.logLength.delete(id);
  }

  /** Appends one update to the log; resolves once it is committed. */
  async persist(entry: LogEntry): Promise<void> {
    await this.log.append(entry);
    const length = (this.logLength.get(entry.artifactId) ?? 0) + 1;
    this.logLength.set(entry.artifactId, length);
    if (length >= this.options.compactAfterUpdates) this.compactSoon(entry.artifactId);
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

/** Applies a stored state and log to a document, in one transaction. */
export function applyStored(doc: Y.Doc, stored: StoredDocument): void {
  doc.transact(() => {
    if (stored.state) Y.applyUpdate(doc, stored.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
}

/** The state and log as one update: applied to a fresh document, then encoded once. */
function foldStored(stored: StoredDocument): Uint8Array {
  const doc = new Y.Doc();
  applyStored(doc, stored);
  const folded = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return folded;
}
