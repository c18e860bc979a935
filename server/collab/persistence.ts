import type { Extension, afterUnloadDocumentPayload, onLoadDocumentPayload } from '@hocuspocus/server';
import { parseArtifactId } from '#shared';
import { AppError, notFound, unavailable } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ArtifactStore, LogEntry, StoredDocument, UpdateLog } from '../store/index.ts';
import { ATTR, detached, SPAN, withSpan } from '../telemetry/index.ts';
import { destroyFailedLoad } from './internals.ts';
import { applyUnannounced, foldStored, loadClean } from './stored-document.ts';

export { applyStored, applyUnannounced, loadClean } from './stored-document.ts';

/** On unload, fold the log only when it is long enough to make the next load slower. */
const COMPACT_ON_UNLOAD_MIN = 20;

/** The live document would grow past its cap (413; sockets are closed with this reason). */
export const artifactTooLarge = (limitBytes: number) =>
  new AppError('artifact_too_large', `the artifact would grow past ${limitBytes} bytes; remove sections or start a new artifact`, 413, { limitBytes });

export interface PersistenceOptions {
  /** Fold a document's log once it holds this many updates. */
  compactAfterUpdates: number;
  /** How long a server change may wait for its commit to start before it is refused (503). */
  commitQueueTimeoutMs: number;
  /** Most bytes an artifact's stored state and log may hold; changes past it are refused. */
  maxArtifactBytes: number;
  logger: Logger;
  /** Told when a load left out log entries that do not apply (the audit trail records it). */
  onRepaired?: (artifactId: string, skipped: number) => Promise<void>;
}

/**
 * Durable before acknowledged: every change is appended to the log (`persist`) before it is
 * broadcast or answered (see SocketWrites and DocumentHost). The log is folded into one state
 * row from what is *stored*, never from the in-memory document, so a document that failed to
 * load (or loaded partially) can never overwrite stored state.
 */
export class Persistence implements Extension {
  readonly extensionName = 'persistence';
  /** Log entries per loaded artifact since its last compaction. */
  private readonly logLength = new Map<string, number>();
  /** Bytes of state and log per loaded artifact, for the size cap. */
  private readonly storedBytes = new Map<string, number>();
  private readonly compacting = new Map<string, Promise<void>>();

  constructor(
    private readonly store: ArtifactStore,
    private readonly log: UpdateLog,
    private readonly options: PersistenceOptions,
  ) {}

  /**
   * One span per load: the artifact, its log length and stored bytes, the outcome. A failed
   * load destroys the document Hocuspocus made for it (see destroyFailedLoad).
   */
  onLoadDocument(payload: onLoadDocumentPayload): Promise<void> {
    const id = parseArtifactId(payload.documentName);
    return withSpan(SPAN.documentLoad, id ? { [ATTR.artifactId]: id } : undefined, async (span) => {
      try {
        await this.load(payload);
      } catch (error) {
        destroyFailedLoad(payload.document);
        throw error;
      }
      if (id && span.isRecording()) span.setAttributes({ [ATTR.logUpdates]: this.logLength.get(id) ?? 0, [ATTR.documentBytes]: this.storedBytes.get(id) ?? 0 });
    });
  }

  private async load({ documentName, document }: onLoadDocumentPayload): Promise<void> {
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
    try {
      applyUnannounced(document, stored);
    } catch (error) {
      // The document in memory may hold part of the entry that threw: it is dropped, the log
      // is folded without what does not apply, and the next open serves the rest.
      await this.repair(id, stored, error);
      throw unavailable('the artifact had a damaged change that was left out; open it again', error);
    }
    this.logLength.set(id, stored.updates.length);
    this.storedBytes.set(id, bytesOf(stored));
    if (stored.updates.length >= this.options.compactAfterUpdates) this.compactSoon(id);
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    const id = parseArtifactId(documentName);
    if (!id) return;
    if ((this.logLength.get(id) ?? 0) >= COMPACT_ON_UNLOAD_MIN) await this.compactNow(id);
    this.logLength.delete(id);
    this.storedBytes.delete(id);
  }

  /**
   * Appends one update to the log; resolves once it is committed. Server changes (`guard`) may
   * wait at most `commitQueueTimeoutMs` for their commit to start. An update that would take
   * the artifact past its size cap is refused (413), nothing stored.
   */
  async persist(entry: LogEntry): Promise<void> {
    this.assertRoom(entry.artifactId, entry.data.length);
    await this.log.append(entry, entry.guard ? { queueTimeoutMs: this.options.commitQueueTimeoutMs } : {});
    this.counted(entry.artifactId, entry.data.length);
  }

  /** Refuses a change of `bytes` that would take a loaded artifact past its size cap. */
  assertRoom(artifactId: string, bytes: number): void {
    if ((this.storedBytes.get(artifactId) ?? 0) + bytes > this.options.maxArtifactBytes) throw artifactTooLarge(this.options.maxArtifactBytes);
  }

  /** Counts an update committed (also one committed outside the group commit: a restore's transaction). */
  counted(artifactId: string, bytes: number): void {
    this.storedBytes.set(artifactId, (this.storedBytes.get(artifactId) ?? 0) + bytes);
    const length = (this.logLength.get(artifactId) ?? 0) + 1;
    this.logLength.set(artifactId, length);
    if (length >= this.options.compactAfterUpdates) this.compactSoon(artifactId);
  }

  /** Waits for running compactions (shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.all(this.compacting.values());
  }

  /** Records the entries that do not apply, then folds the log without them. */
  private async repair(id: string, stored: StoredDocument, cause: unknown): Promise<void> {
    const { doc, skipped } = loadClean(stored);
    doc.destroy();
    this.options.logger.error({ err: cause, artifactId: id, skipped: skipped.length }, 'a stored change does not apply; the document is served without it');
    try {
      await this.options.onRepaired?.(id, skipped.length);
      await this.compactNow(id);
    } catch (error) {
      this.options.logger.error({ err: error, artifactId: id }, 'recording or folding a damaged log failed; the next load tries again');
    }
  }

  private compactSoon(id: string): void {
    if (this.compacting.has(id)) return;
    void this.compactNow(id);
  }

  private compactNow(id: string): Promise<void> {
    const running = this.compacting.get(id);
    if (running) return running;
    let shrunkBy = 0;
    const fold = (stored: StoredDocument) => {
      const state = foldStored(stored);
      shrunkBy = bytesOf(stored) - state.length;
      return state;
    };
    // A trace of its own: it runs after the commit that set it off has answered.
    const compacted = detached(() =>
      withSpan(SPAN.documentCompact, { [ATTR.artifactId]: id }, async (span) => {
        const folded = await this.store.compact(id, fold);
        if (span.isRecording()) span.setAttributes({ [ATTR.folded]: folded, [ATTR.freedBytes]: shrunkBy });
        return folded;
      }),
    );
    const job = compacted
      .then((folded) => {
        this.logLength.set(id, Math.max(0, (this.logLength.get(id) ?? 0) - folded));
        if (this.storedBytes.has(id)) this.storedBytes.set(id, Math.max(0, (this.storedBytes.get(id) ?? 0) - shrunkBy));
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

function bytesOf(stored: StoredDocument): number {
  return (stored.state?.length ?? 0) + stored.updates.reduce((n, u) => n + u.length, 0);
}
