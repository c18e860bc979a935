import type { Document, Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import { applyValidatedOps, artifactToJSON, metaToJSON, replaceArtifact, validateOps, type ArtifactJSON, type OpLimits } from '#shared';
import type { CommentsNotice, LiveNotice } from '#shared/api';
import { auditEvent, type AuditActor } from '../audit/actor.ts';
import type { AuditEventInput } from '../audit/audit-log.ts';
import type { Principal } from '../auth/index.ts';
import { AppError, unavailable } from '../errors.ts';
import { newItemId } from '../ids.ts';
import type { Logger } from '../log.ts';
import type { ArtifactRecord, ArtifactStore, LogEntry, Receipt } from '../store/index.ts';
import { ATTR, instruments, SPAN, withSpan } from '../telemetry/index.ts';
import type { CollabContext, ServerEditOrigin } from './context.ts';
import { loadClean, type Persistence } from './persistence.ts';
import { flushPendingStore } from './internals.ts';
import { captureUnannounced, commitFailure, wasStored } from './server-change.ts';
import type { SessionRegistry } from './session-registry.ts';
import { isReloading, reloading, type Ticket, type WriteGate, type WriteGates } from './write-gate.ts';

/** Times a request re-opens a document that was being reloaded under it before giving up. */
const MAX_REOPENS = 3;

/** The live state at one instant when all of it is stored. */
export interface LiveSnapshot {
  state: Uint8Array;
  json: ArtifactJSON;
}

/** What a replacement of the live document made, for the caller to store in one transaction. */
export interface Replacement {
  before: LiveSnapshot;
  after: LiveSnapshot;
  /** The update that turns `before` into `after`; undefined when they were already equal. */
  update: Uint8Array | undefined;
  /** Title and kind after the change, when they changed. */
  meta: LogEntry['meta'];
}

/**
 * Server-side access to live documents. Every server change (op batch, restore) is committed
 * before anybody sees it: it is applied to the live document unannounced, stored, and only
 * then broadcast; reads of the live state (sockets' sync, live JSON, publish) wait for an
 * instant when all of it is stored (see WriteGate). A change whose commit fails makes the
 * document reload from storage; viewers resync and never saw it. The sockets on its documents
 * are `sessions`' (closing, downgrading them when access changes).
 */
export class DocumentHost {
  constructor(
    private readonly hocuspocus: Hocuspocus,
    readonly sessions: SessionRegistry,
    private readonly persistence: Persistence,
    private readonly gates: WriteGates,
    private readonly store: ArtifactStore,
    private readonly limits: OpLimits,
    private readonly logger: Logger,
  ) {}

  /**
   * Validates and applies a batch (all or nothing); resolves after it is durable. With `actor`,
   * one 'edited' event (the op count, never the ops) commits with the batch's update; with
   * `receipt`, its idempotency key too.
   */
  applyOps(
    artifact: ArtifactRecord,
    principal: Principal,
    body: unknown,
    actor?: AuditActor,
    receipt?: (result: { applied: number }) => Receipt,
  ): Promise<{ applied: number }> {
    const origin = editOrigin(principal, 'ops');
    // One span per batch, children `validate`, `apply` and `commit`; ids and counts, never ops.
    return withSpan(SPAN.opBatch, { [ATTR.artifactId]: artifact.id, [ATTR.orgId]: artifact.orgId }, (span) =>
      this.withLive(artifact, principal, async (doc, gate) => {
        const startedAtMs = performance.now();
        const change = await gate.change(() => {
          const ops = withSpan(SPAN.validate, undefined, () => validateOps(doc, body, { newId: newItemId, limits: this.limits }));
          const { result, update, transaction } = captureUnannounced(doc, origin, () => withSpan(SPAN.apply, undefined, () => applyValidatedOps(doc, ops, origin)));
          if (span.isRecording()) span.setAttributes({ [ATTR.ops]: result.applied, [ATTR.updateBytes]: update?.length ?? 0 });
          if (!update) return { result };
          const ticket = gate.begin(update, origin, transaction, startedAtMs);
          const entry: LogEntry = {
            artifactId: artifact.id,
            data: update,
            ...metaChange(doc, artifact),
            ...(actor ? { audit: auditEvent(actor, 'edited', { artifactId: artifact.id, details: { ops: result.applied } }) } : {}),
            ...(receipt ? { receipt: receipt(result) } : {}),
            guard: ticket,
          };
          return { result, commit: { ticket, entry } };
        });
        if (!change.commit) return change.result;
        const { ticket, entry } = change.commit;
        const commitStartedMs = performance.now();
        await withSpan(SPAN.commit, undefined, () => this.settle(artifact.id, gate, ticket, entry.data, () => this.persistence.persist(entry), () => undefined));
        const metrics = instruments();
        metrics.opBatchCommitDuration.record((performance.now() - commitStartedMs) / 1_000);
        metrics.opBatchSize.record(change.result.applied);
        return change.result;
      }),
    );
  }

  /**
   * Replaces the live document with `content` and lets `commit` store everything about it in
   * one transaction of its own (the restore: versions, log entry, audit). Runs alone on the
   * document; viewers see the replacement only after `commit` resolves.
   */
  replace<R>(
    artifact: ArtifactRecord,
    principal: Principal,
    content: ArtifactJSON,
    commit: (replacement: Replacement) => Promise<R>,
    /** The answer when `commit` failed in a way that hid whether it landed, and it did. */
    landed: (replacement: Replacement) => Promise<R>,
  ): Promise<R> {
    const origin = editOrigin(principal, 'restore');
    return this.withLive(artifact, principal, (doc, gate) =>
      gate.alone(async () => {
        const before = snapshotOf(doc, artifact.id);
        const captured = captureUnannounced(doc, origin, () => doc.transact(() => replaceArtifact(doc, content), origin));
        const replacement: Replacement = { before, after: snapshotOf(doc, artifact.id), update: captured.update, meta: metaChange(doc, artifact).meta };
        if (!captured.update) return commit(replacement);
        const ticket = gate.begin(captured.update, origin, captured.transaction);
        const update = captured.update;
        const run = async () => {
          this.persistence.assertRoom(artifact.id, update.length);
          return commit(replacement);
        };
        const result = await this.settle(artifact.id, gate, ticket, update, run, () => landed(replacement));
        this.persistence.counted(artifact.id, update.length);
        return result;
      }),
    );
  }

  /** The live document's state and JSON at one instant when all of it is stored (for publishing). */
  snapshot(artifact: ArtifactRecord, principal: Principal): Promise<LiveSnapshot> {
    return this.withLive(artifact, principal, (doc, gate) => gate.read(() => snapshotOf(doc, artifact.id)));
  }

  /** The live state as JSON: from memory when the document is loaded (and all stored), else from storage. */
  async readJSON(id: string): Promise<ArtifactJSON> {
    const loaded = this.hocuspocus.documents.get(id);
    if (loaded && !loaded.isLoading) {
      const gate = this.gates.of(loaded);
      try {
        return await gate.read(() => artifactToJSON(loaded, id));
      } catch (error) {
        if (!isReloading(error)) throw error;
        // Storage is the truth while the document reloads.
      }
    }
    const { doc } = loadClean(await this.store.loadDocument(id));
    try {
      return artifactToJSON(doc, id);
    } finally {
      doc.destroy();
    }
  }

  /** Whether this instance holds the document in memory (loaded or loading). */
  isLoaded(id: string): boolean {
    return this.hocuspocus.documents.has(id) || this.hocuspocus.loadingDocuments.has(id);
  }

  /** Tells every open page of an artifact something (a stateless message; see LiveNotice). */
  notify(id: string, notice: LiveNotice | CommentsNotice): void {
    this.hocuspocus.documents.get(id)?.broadcastStateless(JSON.stringify(notice));
  }

  /**
   * Waits for the commit `run` and settles the change with its outcome: announced when stored;
   * when not, the document is reloaded from storage. A failure that does not say whether the
   * change landed is checked against what is stored; if it did land, `landed` gives the answer.
   */
  private async settle<R>(artifactId: string, gate: WriteGate, ticket: Ticket, update: Uint8Array, run: () => Promise<R>, landed: () => R | Promise<R>): Promise<R> {
    let result: R;
    try {
      result = await run();
    } catch (error) {
      gate.failed(ticket);
      if (error instanceof AppError) throw error;
      const stored = await wasStored(this.store, artifactId, update);
      this.logger.warn({ err: error, artifactId, stored: stored ?? 'unknown' }, 'a server change failed to commit; the document reloads from storage');
      if (stored === true) return landed(); // acknowledged; viewers get it when they resync
      throw commitFailure(error, stored);
    }
    gate.committed(ticket);
    return result;
  }

  /**
   * Opens the live document for `use`, which waits on its gate. When the document is being
   * reloaded (a change failed to store), waits until it has left memory and opens it again.
   */
  private async withLive<T>(artifact: ArtifactRecord, principal: Principal, use: (doc: Document, gate: WriteGate) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const connection = await this.open(artifact.id, { principal, artifact });
      const doc = connection.document as Document;
      const gate = this.gates.of(doc);
      gate.enter();
      let reloadingGate: WriteGate | undefined;
      try {
        return await use(doc, gate);
      } catch (error) {
        // Only the gate's waits throw `reloading`, before anything was changed: safe to retry.
        if (!isReloading(error) || attempt >= MAX_REOPENS) throw error;
        reloadingGate = gate;
      } finally {
        try {
          await connection.disconnect({ unloadImmediately: false });
        } finally {
          gate.leave();
        }
      }
      await reloadingGate.evicted;
    }
  }

  /**
   * A change failed to store: the document in memory holds it. Closes its sockets (they
   * reconnect and resync from storage; they never saw the change), waits until no request
   * uses it, and drops it from memory. Requests waiting on it then open it afresh.
   */
  async reload(doc: Document, gate: WriteGate): Promise<void> {
    const error = reloading();
    try {
      this.sessions.closeForReload(doc, error);
      await gate.whenIdle();
      for (let attempt = 0; attempt < 5 && this.hocuspocus.documents.get(doc.name) === doc; attempt++) {
        await this.evict(doc.name);
      }
      if (this.hocuspocus.documents.get(doc.name) === doc) {
        // Sockets kept arriving: drop it by force, they are refused (`reloading`) and come back.
        this.logger.warn({ artifactId: doc.name }, 'a document to reload kept getting connections; dropped it from memory by force');
        this.hocuspocus.documents.delete(doc.name);
        doc.destroy();
      }
    } catch (cause) {
      this.logger.error({ err: cause, artifactId: doc.name }, 'reloading a document failed');
    } finally {
      gate.markEvicted();
    }
  }

  /**
   * After a hard delete: closes the document's sockets and drops it from memory now rather
   * than after the store debounce, so no copy of the content outlives its rows.
   */
  async evict(id: string): Promise<void> {
    this.sessions.closeConnections(id);
    const document = this.hocuspocus.documents.get(id);
    if (!document) return;
    await flushPendingStore(this.hocuspocus, id);
    // Closed sockets leave the document on their close handlers; let them run first.
    await new Promise((resolve) => setImmediate(resolve));
    await this.hocuspocus.unloadDocument(document);
  }

  private async open(id: string, context: CollabContext) {
    try {
      return await this.hocuspocus.openDirectConnection(id, context);
    } catch (error) {
      throw unavailable('the artifact could not be loaded from storage; nothing was changed', error);
    }
  }
}

function editOrigin(principal: Principal, via: ServerEditOrigin['context']['via']): ServerEditOrigin {
  return { source: 'local', context: { actor: principal.userId, via } };
}

function snapshotOf(doc: Y.Doc, id: string): LiveSnapshot {
  return { state: Y.encodeStateAsUpdate(doc), json: artifactToJSON(doc, id) };
}

/** The artifacts row mirrors title and kind: the change to store with the update, if any. */
function metaChange(doc: Y.Doc, artifact: ArtifactRecord): Pick<LogEntry, 'meta'> {
  const meta = metaToJSON(doc);
  const changed = meta.title !== artifact.title || meta.kind !== artifact.kind;
  return changed ? { meta: { title: meta.title, kind: meta.kind } } : {};
}


export type { AuditEventInput };
