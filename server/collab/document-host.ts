import type { Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import { applyOps, artifactToJSON, metaToJSON, replaceArtifact, type ArtifactJSON, type OpLimits } from '#shared';
import { can } from '#policies';
import { auditEvent, type AuditActor } from '../audit/actor.ts';
import type { AuditEventInput } from '../audit/audit-log.ts';
import type { Principal } from '../auth/index.ts';
import { forbidden, pinned, unavailable, type AppError } from '../errors.ts';
import { newItemId } from '../ids.ts';
import type { ArtifactRecord, ArtifactStore } from '../store/index.ts';
import type { CollabContext, ServerEditOrigin } from './context.ts';
import { applyStored, type Persistence } from './persistence.ts';

/**
 * Server-side access to live documents for the HTTP API: op batches are applied to the very
 * document viewers are connected to (so they see them at once) and answered only after the
 * resulting update is committed to the log.
 */
export class DocumentHost {
  constructor(
    private readonly hocuspocus: Hocuspocus,
    private readonly persistence: Persistence,
    private readonly store: ArtifactStore,
    private readonly limits: OpLimits,
  ) {}

  /**
   * Validates and applies a batch (all or nothing); resolves after it is durable. With `actor`,
   * one 'edited' event (the op count, never the ops) commits with the batch's update.
   */
  applyOps(artifact: ArtifactRecord, principal: Principal, body: unknown, actor?: AuditActor): Promise<{ applied: number }> {
    return this.edit(
      artifact,
      principal,
      'ops',
      (doc, origin) => applyOps(doc, body, { origin, newId: newItemId, limits: this.limits }),
      actor && ((result) => auditEvent(actor, 'edited', { artifactId: artifact.id, details: { ops: result.applied } })),
    );
  }

  /** Makes the live document equal to `content` (restore); resolves after it is durable. */
  async replace(artifact: ArtifactRecord, principal: Principal, content: ArtifactJSON, audit?: AuditEventInput): Promise<void> {
    await this.edit(artifact, principal, 'restore', (doc, origin) => doc.transact(() => replaceArtifact(doc, content), origin), audit && (() => audit));
  }

  /** The live document's state and JSON at one instant (for publishing). */
  async snapshot(artifact: ArtifactRecord, principal: Principal): Promise<{ state: Uint8Array; json: ArtifactJSON }> {
    const connection = await this.open(artifact.id, { principal, artifact });
    try {
      const doc = connection.document as Y.Doc;
      return { state: Y.encodeStateAsUpdate(doc), json: artifactToJSON(doc, artifact.id) };
    } finally {
      await connection.disconnect({ unloadImmediately: false });
    }
  }

  /**
   * Runs `mutate` on the live document (viewers see it at once) and stores the one update it
   * made before resolving. A throwing `mutate` must not have changed anything.
   */
  private async edit<T>(
    artifact: ArtifactRecord,
    principal: Principal,
    via: ServerEditOrigin['context']['via'],
    mutate: (doc: Y.Doc, origin: ServerEditOrigin) => T,
    audit?: (result: T) => AuditEventInput,
  ): Promise<T> {
    const connection = await this.open(artifact.id, { principal, artifact });
    try {
      const doc = connection.document as Y.Doc;
      const origin: ServerEditOrigin = { source: 'local', context: { actor: principal.userId, via } };
      let update: Uint8Array | undefined;
      const capture = (u: Uint8Array, o: unknown) => {
        if (o === origin) update = u;
      };
      doc.on('update', capture);
      let result: T;
      try {
        result = mutate(doc, origin);
      } finally {
        doc.off('update', capture);
      }
      if (update) {
        const meta = metaToJSON(doc);
        const changed = meta.title !== artifact.title || meta.kind !== artifact.kind;
        try {
          await this.persistence.persist({
            artifactId: artifact.id,
            data: update,
            ...(changed ? { meta: { title: meta.title, kind: meta.kind } } : {}),
            ...(audit ? { audit: audit(result) } : {}),
          });
        } catch (error) {
          throw unavailable('the change could not be stored; it was not acknowledged, retry it', error);
        }
      }
      return result;
    } finally {
      await connection.disconnect({ unloadImmediately: false });
    }
  }

  /** The live state as JSON: from memory when the document is loaded, else from storage. */
  async readJSON(id: string): Promise<ArtifactJSON> {
    const loaded = this.hocuspocus.documents.get(id);
    if (loaded && !loaded.isLoading) return artifactToJSON(loaded, id);
    const doc = new Y.Doc();
    try {
      applyStored(doc, await this.store.loadDocument(id));
      return artifactToJSON(doc, id);
    } finally {
      doc.destroy();
    }
  }

  /** Closes every socket on a document (after deletion). */
  closeConnections(id: string): void {
    this.hocuspocus.closeConnections(id);
  }

  /**
   * After sharing or pinning changed: sockets whose principal may no longer see the live
   * document are closed (4403), the others carry on with the new access rules.
   */
  revalidate(artifact: ArtifactRecord): number {
    const document = this.hocuspocus.documents.get(artifact.id);
    if (!document) return 0;
    let closed = 0;
    for (const connection of document.connections.keys()) {
      const context = connection.context as CollabContext | undefined;
      if (!context) continue;
      context.artifact = artifact;
      if (can(context.principal, 'read-live', artifact)) {
        connection.readOnly = !can(context.principal, 'edit', artifact);
      } else {
        // Still a reader, now of a pinned version: say so, so the page can point to it.
        const error = can(context.principal, 'read', artifact) ? pinned(artifact.pinnedVersion) : forbidden();
        connection.close({ code: error.closeCode, reason: error.reason });
        closed++;
      }
    }
    return closed;
  }

  /** The principal of every open socket (one entry per connection to a document). */
  *openSessions(): Generator<CollabContext> {
    for (const document of this.hocuspocus.documents.values()) {
      for (const connection of document.connections.keys()) {
        const context = connection.context as CollabContext | undefined;
        if (context) yield context;
      }
    }
  }

  /**
   * Closes every socket on artifacts of one org with `error` (e.g. `feature_disabled` when the
   * org's policy turned the feature off). Returns how many were closed.
   */
  closeSessionsOfOrg(orgId: string, error: AppError): number {
    let closed = 0;
    for (const document of this.hocuspocus.documents.values()) {
      for (const connection of document.connections.keys()) {
        if ((connection.context as CollabContext | undefined)?.artifact.orgId !== orgId) continue;
        connection.close({ code: error.closeCode, reason: error.reason });
        closed++;
      }
    }
    return closed;
  }

  /**
   * After a hard delete: closes the document's sockets and drops it from memory now rather
   * than after the store debounce, so no copy of the content outlives its rows.
   */
  async evict(id: string): Promise<void> {
    this.hocuspocus.closeConnections(id);
    const document = this.hocuspocus.documents.get(id);
    if (!document) return;
    const storeId = `onStoreDocument-${id}`;
    if (this.hocuspocus.debouncer.isDebounced(storeId)) await this.hocuspocus.debouncer.executeNow(storeId);
    // Closed sockets leave the document on their close handlers; let them run first.
    await new Promise((resolve) => setImmediate(resolve));
    await this.hocuspocus.unloadDocument(document);
  }

  /** Closes every socket of one user (4403), e.g. when they left the org. */
  closeSessionsOf(userId: string): number {
    let closed = 0;
    for (const document of this.hocuspocus.documents.values()) {
      for (const connection of document.connections.keys()) {
        if ((connection.context as CollabContext | undefined)?.principal.userId !== userId) continue;
        const error = forbidden();
        connection.close({ code: error.closeCode, reason: error.reason });
        closed++;
      }
    }
    return closed;
  }

  private async open(id: string, context: CollabContext) {
    try {
      return await this.hocuspocus.openDirectConnection(id, context);
    } catch (error) {
      throw unavailable('the artifact could not be loaded from storage; nothing was changed', error);
    }
  }
}
