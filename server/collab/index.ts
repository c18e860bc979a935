import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { Hocuspocus, type Document, type Extension } from '@hocuspocus/server';
import { WebSocketServer } from 'ws';
import { DEFAULT_OP_LIMITS } from '#shared';
import { SOCKET_REASONS } from '#shared/api';
import type { AuditWriter } from '../audit/index.ts';
import { resolveClient } from '../client-address.ts';
import type { Authenticator } from '../auth/index.ts';
import type { Config } from '../config.ts';
import type { Peers } from '../cluster/control-events.ts';
import type { Logger } from '../log.ts';
import type { ArtifactStore, UpdateLog } from '../store/index.ts';
import { observeCollab } from '../telemetry/index.ts';
import { authExtension } from './auth.ts';
import type { CollabContext } from './context.ts';
import { DocumentHost } from './document-host.ts';
import { routeHocuspocusConsole } from './internals.ts';
import { hocuspocusLimits, LimitCounters, limitsExtension, SocketAdmission, SocketGuard } from './limits.ts';
import { LibraryLog, loggingExtension } from './logging.ts';
import type { PolicyReader } from './org-policy.ts';
import { Persistence } from './persistence.ts';
import { presenceExtension } from './presence.ts';
import { closeForRestart } from './restart-close.ts';
import { SessionRegistry } from './session-registry.ts';
import { SocketWrites } from './socket-writes.ts';
import { tokenLifetimeExtension } from './token-lifetime.ts';
import { WriteGates } from './write-gate.ts';

export { DocumentHost, type LiveSnapshot, type Replacement } from './document-host.ts';
export { SessionRegistry } from './session-registry.ts';

/** The stateless keepalive payload and how often it goes to every connection of a loaded document. */
export const KEEPALIVE = 'keepalive';
const KEEPALIVE_INTERVAL_MS = 15_000;
export { Persistence } from './persistence.ts';

export interface CollabDeps {
  config: Readonly<Config>;
  store: ArtifactStore;
  log: UpdateLog;
  authenticator: Authenticator;
  logger: Logger;
  /** Records socket views and refused tokens (edits go with their updates). */
  audit: AuditWriter;
  /** Org policies: every socket's access is decided under its org's. */
  policies: PolicyReader;
  /**
   * With several instances: the Redis extension (document updates and awareness between
   * instances) and where access changes are announced to them.
   */
  cluster?: { extension: Extension; peers: Peers };
}

export interface Collab {
  hocuspocus: Hocuspocus;
  documents: DocumentHost;
  /** The open sockets (also `documents.sessions`): closed or downgraded when access changes. */
  sessions: SessionRegistry;
  persistence: Persistence;
  /** Refusals by the socket limits since start, by reason, and the sockets open now. */
  limits: { refusals: LimitCounters; open(): { total: number; addresses: number } };
  /**
   * Serves Hocuspocus on `config.collabPath` of an HTTP server; other upgrades are refused, and
   * every upgrade is answered 503 while `refusal()` names a reason (starting, stopping).
   */
  attach(server: HttpServer, refusal?: () => string | undefined): void;
  /**
   * Holds the document's write gate until the returned release is called: its state then holds
   * nothing that is not stored (another instance's sync answer is read in such an instant).
   * Undefined when the document is being reloaded.
   */
  storedInstant(document: Document): Promise<(() => void) | undefined>;
  close(): Promise<void>;
}

/** Every collaboration feature is one extension; this is the one place they are composed. */
export function createCollab({ config, store, log, authenticator, logger, audit, policies, cluster }: CollabDeps): Collab {
  // A document whose server change failed to store reloads from storage (see WriteGate).
  let host: DocumentHost | undefined;
  const gates = new WriteGates((doc, gate) => void host?.reload(doc as Document, gate));
  // Hocuspocus prints client-caused errors with console; they go to the structured log instead.
  const libraryLog = new LibraryLog(logger);
  const unrouteConsole = routeHocuspocusConsole(libraryLog.sink);
  const persistence = new Persistence(store, log, {
    compactAfterUpdates: config.compactAfterUpdates,
    commitQueueTimeoutMs: config.commitQueueTimeoutMs,
    maxArtifactBytes: config.maxArtifactBytes,
    logger,
    async onRepaired(artifactId, skipped) {
      const artifact = await store.getArtifact(artifactId);
      if (artifact) await audit.record({ orgId: artifact.orgId, actorId: 'system', actorName: 'Live Artifacts', clientAddress: null, action: 'repaired', artifactId, details: { skippedChanges: skipped } });
    },
  });
  const socketWrites = new SocketWrites(gates, persistence, DEFAULT_OP_LIMITS);
  const hocuspocus = new Hocuspocus({
    name: 'live-artifacts',
    quiet: true,
    // Updates are stored by the persistence extension before they are applied, so the
    // debounced store only decides when an idle document is unloaded.
    debounce: 2_000,
    ...hocuspocusLimits(config.socketLimits),
    extensions: [
      // Priority 1000: its hooks run first (it must know of a loaded document before anyone edits it).
      ...(cluster ? [cluster.extension] : []),
      loggingExtension(logger),
      authExtension(authenticator, store, audit, logger, policies),
      tokenLifetimeExtension(authenticator, audit, logger, policies),
      presenceExtension(),
      persistence,
      limitsExtension(),
      socketWrites,
    ],
  });
  const sessions = new SessionRegistry(hocuspocus, cluster?.peers);
  const documents = new DocumentHost(hocuspocus, sessions, persistence, gates, store, DEFAULT_OP_LIMITS, logger);
  host = documents;
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxBodyBytes, perMessageDeflate: false });

  const admission = new SocketAdmission(config.socketLimits);
  const refusals = new LimitCounters();
  const unobserve = observeCollab({ openSockets: () => admission.stats.total, loadedDocuments: () => hocuspocus.documents.size });

  let refusal: () => string | undefined = () => undefined;
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== config.collabPath) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const refused = refusal();
    if (refused) {
      // Providers retry with backoff; they reconnect once the server is ready.
      socket.end(`HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nX-Reason: ${refused}\r\nConnection: close\r\n\r\n`);
      return;
    }
    // The TCP peer, or what a proxy of TRUSTED_PROXIES forwarded: for the limits and the audit
    // trail of every document this socket opens.
    const clientAddress = resolveClient(request.socket.remoteAddress, request.headers, config.trustedProxies).address;
    const admitted = admission.admit(clientAddress);
    if (!('release' in admitted)) {
      refusals.count(SOCKET_REASONS.tooManyConnections);
      const status = admitted.status === 429 ? '429 Too Many Requests' : '503 Service Unavailable';
      // Answered before any WebSocket exists; the provider retries with backoff.
      socket.end(`HTTP/1.1 ${status}\r\nRetry-After: 5\r\nX-Reason: ${SOCKET_REASONS.tooManyConnections}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`, () => socket.destroy());
      return;
    }
    socket.once('close', admitted.release);
    wss.handleUpgrade(request, socket, head, (ws) => {
      const headers = new Headers();
      for (const [key, value] of Object.entries(request.headers)) {
        if (typeof value === 'string') headers.set(key, value);
      }
      const guard = new SocketGuard(ws, socket, config.socketLimits, refusals.count);
      const context: Partial<CollabContext> = { clientAddress, socket: guard };
      const connection = hocuspocus.handleConnection(guard.webSocket, new Request(url, { headers }), context);
      ws.on('message', (data: Buffer) => {
        if (!guard.closing) connection.handleMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      });
      ws.on('close', (code, reason) => connection.handleClose({ code, reason: reason.toString() }));
      // Protocol errors (a bad frame, a message over MAX_BODY_BYTES) are the client's, and ws
      // closes the socket itself: at warn, a client could fill the log with them.
      ws.on('error', (error) => logger.debug({ err: error }, 'websocket error'));
    });
  };

  // Providers reconnect when they have heard nothing for 30 s (`messageReconnectTimeout`), and a
  // quiet document with one viewer sends nothing (ws pings do not count in a browser). A small
  // stateless message every 15 s keeps quiet pages on the socket they have.
  const keepalive = setInterval(() => {
    for (const document of hocuspocus.documents.values()) {
      // This instance's sockets only: every instance sends its own (broadcastStateless would go through Redis).
      if (document.getConnectionsCount() > 0) document.relayStateless(KEEPALIVE);
    }
  }, KEEPALIVE_INTERVAL_MS);
  keepalive.unref();

  return {
    hocuspocus,
    documents,
    sessions,
    persistence,
    limits: { refusals, open: () => admission.stats },
    async storedInstant(document) {
      try {
        return await gates.of(document).hold();
      } catch {
        return undefined; // poisoned: it is being reloaded from storage
      }
    },
    attach(server, isRefused) {
      if (isRefused) refusal = isRefused;
      server.on('upgrade', onUpgrade);
    },
    async close() {
      clearInterval(keepalive);
      unobserve();
      await closeForRestart(wss.clients);
      wss.close();
      hocuspocus.closeConnections();
      await persistence.idle();
      unrouteConsole();
      libraryLog.flush();
    },
  };
}
