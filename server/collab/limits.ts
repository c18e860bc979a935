import type { Configuration, Extension, beforeSyncPayload, connectedPayload, onAuthenticatePayload, onConnectPayload, onDisconnectPayload } from '@hocuspocus/server';
import type { SocketLimits } from '../config.ts';
import { countRefusal } from '../telemetry/index.ts';
import type { CollabContext } from './context.ts';
import { SYNC_STEP_1 } from './protocol.ts';
import { LIMIT_ERRORS, type SocketGuard } from './socket-guard.ts';

export { SocketAdmission, type AdmissionRefusal } from './admission.ts';
export { CLOSE_GRACE_MS, LIMIT_ERRORS, SocketGuard } from './socket-guard.ts';

/**
 * Messages Hocuspocus may queue for documents not yet authenticated on a socket. A provider
 * sends three or four per document before its answer (auth, step 1, awareness, an edit).
 */
const PREAUTH_MAX_MESSAGES = 100;

/**
 * Hocuspocus' own pre-authentication bounds, set from ours: they apply per document while it
 * waits for its authentication, also on a socket that has authenticated another one. The
 * deadline is ours (SocketGuard): Hocuspocus' `timeout` is also its idle timeout, and it checks
 * it only every `timeout`, so a socket would linger up to twice as long.
 */
export function hocuspocusLimits(limits: Readonly<SocketLimits>): Pick<Configuration, 'maxUnauthenticatedQueueSize' | 'maxUnauthenticatedQueueMessages' | 'maxPendingDocuments'> {
  return {
    maxUnauthenticatedQueueSize: limits.preauthMaxBytes,
    maxUnauthenticatedQueueMessages: PREAUTH_MAX_MESSAGES,
    maxPendingDocuments: limits.maxDocumentsPerSocket,
  };
}

/** Refusals since start, by reason (`too_many_connections`, `slow_consumer`, ...). */
export class LimitCounters {
  private readonly counts = new Map<string, number>();

  readonly count = (reason: string): void => {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    countRefusal(reason, 'socket');
  };

  get(reason: string): number {
    return this.counts.get(reason) ?? 0;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}

/** The socket's guard: set before authentication, so it is read from a context that may not be a full session yet. */
const guardOf = (context: unknown): SocketGuard | undefined => (context as Partial<CollabContext> | undefined)?.socket;

/**
 * The per-socket limits that need Hocuspocus' view of documents: how many a socket has open,
 * when one of them passed authentication, and how often it asks for a whole one. The bytes and
 * the send buffer are watched by the socket's SocketGuard itself.
 */
export function limitsExtension(): Extension {
  return {
    extensionName: 'limits',
    // After the other extensions: its onAuthenticate runs only once the auth extension accepted.
    priority: 10,

    async onConnect({ context }: onConnectPayload) {
      const guard = guardOf(context);
      if (!guard) return;
      // Runs for each auth message; its answer (a refusal, this one included) ends the check.
      guard.authStarted();
      if (!guard.canOpenDocument()) throw LIMIT_ERRORS.tooManyDocuments();
    },

    async onAuthenticate({ context }: onAuthenticatePayload) {
      guardOf(context)?.authenticated();
    },

    async connected({ context, connection }: connectedPayload) {
      const guard = guardOf(context);
      if (!guard) return;
      // Documents authenticated side by side all passed onConnect; the ones over the cap go again.
      if (!guard.documentOpened()) {
        const error = LIMIT_ERRORS.tooManyDocuments();
        connection.close({ code: error.closeCode, reason: error.reason });
      }
    },

    async onDisconnect({ context }: onDisconnectPayload) {
      guardOf(context)?.documentClosed();
    },

    async beforeSync({ type, context }: beforeSyncPayload) {
      const guard = guardOf(context);
      if (type !== SYNC_STEP_1 || !guard || guard.takeSyncRequest()) return;
      const error = LIMIT_ERRORS.tooManySyncRequests();
      guard.refuse(error);
      // Thrown as well, so Hocuspocus does not answer this one.
      throw error;
    },
  };
}
