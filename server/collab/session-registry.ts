import type { Connection, Document, Hocuspocus } from '@hocuspocus/server';
import { decide, type AccessPolicy } from '#policies';
import { forbidden, notFound, type AppError } from '../errors.ts';
import { refusalError } from '../governance/errors.ts';
import type { ArtifactRecord } from '../store/index.ts';
import { sessionOf, type CollabContext } from './context.ts';
import { socketOf } from './internals.ts';
import { NO_PEERS, type ControlEvent, type Peers } from '../cluster/control-events.ts';

/**
 * Closes a connection's socket as well as its document channel, for a refusal the client should
 * retry (`reloading`). A CLOSE message alone ends that document on a socket that stays open, and
 * the provider, seeing its socket still up, never asks again: its page would stay on what it had.
 */
export function closeToReconnect(connection: Connection, error: AppError): void {
  connection.close({ code: error.closeCode, reason: error.reason });
  socketOf(connection)?.close(error.closeCode, error.reason);
}

/**
 * The open sockets: who is on which document, and the operations that close or downgrade
 * them when access changes (sharing, pinning, the org's policy, membership, deletion). Editing
 * documents is DocumentHost's; this only looks at connections.
 */
export class SessionRegistry {
  constructor(
    private readonly hocuspocus: Hocuspocus,
    private readonly peers: Peers = NO_PEERS,
  ) {}

  /**
   * Tells the other instances (when there are any) about an access change this one made, so
   * they close or downgrade their own sockets as this one just did with its own.
   */
  announce(event: ControlEvent): void {
    this.peers.announce(event);
  }

  /** Every socket connection with its session, of one document or (without `id`) of all. */
  *connections(id?: string): Generator<[Connection, CollabContext]> {
    const documents = id === undefined ? this.hocuspocus.documents.values() : [this.hocuspocus.documents.get(id)];
    for (const document of documents) {
      for (const connection of document?.connections.keys() ?? []) {
        const session = sessionOf(connection);
        if (session) yield [connection, session];
      }
    }
  }

  /** The session of every open socket (one entry per connection to a document). */
  *openSessions(): Generator<CollabContext> {
    for (const [, session] of this.connections()) yield session;
  }

  /** Closes every socket on a document, by default after it was deleted (reason `not_found`: the page stops retrying). */
  closeConnections(id: string, error: AppError = notFound()): number {
    return this.closeWhere(this.connections(id), () => true, error);
  }

  /**
   * Closes every socket of a document whose copy in memory is being dropped, the sockets
   * themselves too (not only the document's channel on them): their providers reconnect and
   * resync from storage.
   */
  closeForReload(document: Document, error: AppError): void {
    for (const connection of document.connections.keys()) closeToReconnect(connection, error);
  }

  /**
   * After sharing or pinning changed: sockets whose principal may no longer see the live
   * document are closed (4403 with decide's reason: `pinned` for a reader of a now pinned
   * artifact, so the page can point to the version; `forbidden` for one who lost access, who
   * knew it existed), the others carry on with the new access rules. `policy` is the org's.
   */
  revalidate(artifact: ArtifactRecord, policy: AccessPolicy): number {
    let closed = 0;
    for (const [connection, session] of this.connections(artifact.id)) {
      session.artifact = artifact;
      const live = decide(session.principal, 'read-live', artifact, policy);
      if (live.allow) {
        connection.readOnly = !decide(session.principal, 'edit', artifact, policy).allow;
        continue;
      }
      const error = live.reason === 'not_found' ? forbidden() : refusalError(live);
      connection.close({ code: error.closeCode, reason: error.reason });
      closed++;
    }
    return closed;
  }

  /**
   * Closes every socket on artifacts of one org with `error` (e.g. `feature_disabled` when the
   * org's policy turned the feature off). Returns how many were closed.
   */
  closeSessionsOfOrg(orgId: string, error: AppError): number {
    return this.closeWhere(this.connections(), (session) => session.artifact.orgId === orgId, error);
  }

  /** Closes every socket of one user (4403), e.g. when they left the org. */
  closeSessionsOf(userId: string): number {
    return this.closeWhere(this.connections(), (session) => session.principal.userId === userId, forbidden());
  }

  private closeWhere(connections: Iterable<[Connection, CollabContext]>, match: (session: CollabContext) => boolean, error: AppError): number {
    let closed = 0;
    for (const [connection, session] of connections) {
      if (!match(session)) continue;
      connection.close({ code: error.closeCode, reason: error.reason });
      closed++;
    }
    return closed;
  }
}
