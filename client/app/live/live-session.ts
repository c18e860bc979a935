import {
  HocuspocusProvider,
  HocuspocusProviderWebsocket,
  WebSocketStatus,
  type onAuthenticationFailedParameters,
  type onCloseParameters,
  type onStatelessParameters,
  type onStatusParameters,
  type onUnsyncedChangesParameters,
} from '@hocuspocus/provider';
import * as Y from 'yjs';
import { SERVICE_RESTART_CLOSE_CODE, SOCKET_REASONS } from '#shared/api';
import { metaMap, metaToJSON, type ArtifactMeta, type Section } from '#shared/schema';
import { getAccessToken, onTokenRefresh } from '../auth/index.ts';
import { ConnectionTracker, type ConnectionState } from './connection-state.ts';
import type { RefusalVia } from './live-problem.ts';
import { SectionStore } from './section-store.ts';

/** Where the collaboration server listens: on the page's own origin, beside the app and API. */
export const COLLAB_PATH = '/collab';

/**
 * Longest pause between reconnect attempts. The provider's default (30 s) is long for a page
 * people watch during an incident; its backoff and jitter still spread reconnects out.
 */
const RECONNECT_MAX_DELAY_MS = 10_000;

/** How long a quiet reopen (the server reloads the document) may take before the pill says so. */
const QUIET_REOPEN_MS = 3_000;

/** The server refused the document or ended its session, and how (see {@link RefusalVia}). */
export interface Refusal {
  reason: string;
  via: RefusalVia;
}

export interface LiveSessionListener {
  /** The ordered sections; objects of untouched sections keep their identity. */
  sections(sections: readonly Section[]): void;
  meta(meta: ArtifactMeta): void;
  connection(state: ConnectionState): void;
  /** The document synced; what is shown now is the server's state. `first`: for the first time. */
  synced(first: boolean): void;
  refused(refusal: Refusal): void;
  /** A stateless message from the server (raw: the keepalive, notices...). */
  stateless(payload: string): void;
  /** The awareness states of everyone on the page (empty while not connected). */
  presence?(states: ReadonlyMap<number, unknown>): void;
  /** Local changes the server has not acknowledged (stored) yet; 0 means all saved. */
  unsynced?(count: number): void;
}

/** One provider on its own socket; replaced as a whole when the page reopens the document. */
interface Link {
  socket: HocuspocusProviderWebsocket;
  provider: HocuspocusProvider;
  /** `tokenFailed`: no token could be had, so the refusal that follows means signed out. */
  flags: { tokenFailed: boolean };
}

/**
 * One viewer's live copy of one artifact: a Y.Doc kept in sync through Hocuspocus, turned into
 * section JSON, meta and a connection state for the view. An editor's changes are made on the
 * same Y.Doc ({@link edit}) and travel through the socket's write path, which stores them before
 * it acknowledges them ({@link LiveSessionListener.unsynced} counts what is not acknowledged).
 * Presence: the page says only whether its reader is idle; the server stamps who they are.
 *
 * The document outlives its connection: `suspend()` drops the socket (a refusal that may clear
 * later) and `connect()` opens a new one that syncs the same Y.Doc, so a page that comes back
 * has its content at once and only receives what changed. Deciding *when* to do which is the
 * caller's business (live-connection.ts); this class reports what the server said.
 */
export class LiveSession {
  readonly #artifactId: string;
  readonly #doc = new Y.Doc();
  readonly #store: SectionStore;
  readonly #tracker = new ConnectionTracker();
  readonly #listener: LiveSessionListener;
  readonly #stopTokenSync: () => void;
  #link: Link | undefined;
  #state: ConnectionState;
  #destroyed = false;
  #quietTimer: ReturnType<typeof setTimeout> | undefined;
  #idle = false;

  constructor(artifactId: string, listener: LiveSessionListener) {
    this.#artifactId = artifactId;
    this.#listener = listener;
    this.#store = new SectionStore(this.#doc);
    this.#store.subscribe((sections) => listener.sections(sections));
    metaMap(this.#doc).observeDeep(this.#onMeta);
    this.#tracker.network(navigator.onLine);
    this.#state = this.#tracker.state;
    window.addEventListener('online', this.#onNetwork);
    window.addEventListener('offline', this.#onNetwork);
    // The server closes the socket when its token expires unless a fresh one arrives on it.
    this.#stopTokenSync = onTokenRefresh(() => {
      const provider = this.#link?.provider;
      if (provider?.isAuthenticated) void provider.sendToken(); // a (re)connect sends its own
    });
    this.connect();
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get everSynced(): boolean {
    return this.#tracker.everSynced;
  }

  get sections(): readonly Section[] {
    return this.#store.sections;
  }

  get meta(): ArtifactMeta {
    return metaToJSON(this.#doc);
  }

  /** Changes the document as the reader (an editor); the provider sends the change on the socket. */
  edit(change: (doc: Y.Doc) => void): void {
    if (!this.#destroyed) this.#doc.transact(() => change(this.#doc));
  }

  /** The live document, for an editor binding (CodeMirror) that follows one of its texts. */
  get doc(): Y.Doc {
    return this.#doc;
  }

  /** Tells the others whether the reader is idle (the only presence field the page sets). */
  setIdle(idle: boolean): void {
    this.#idle = idle;
    this.#link?.provider.setAwarenessField('idle', idle);
  }

  /** Opens a socket and the document on it, unless one is open already. */
  connect(): void {
    if (this.#destroyed || this.#link) return;
    const flags = { tokenFailed: false };
    const socket = new HocuspocusProviderWebsocket({ url: collabUrl(location, this.#artifactId), maxDelay: RECONNECT_MAX_DELAY_MS });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: this.#artifactId,
      document: this.#doc,
      token: async () => {
        try {
          return await getAccessToken();
        } catch (error: unknown) {
          flags.tokenFailed = true;
          throw error;
        }
      },
    });
    const link: Link = { socket, provider, flags };
    provider.on('status', ({ status }: onStatusParameters) => {
      this.#tracker.socket(status);
      this.#publishState();
    });
    provider.on('synced', () => this.#onSynced(link));
    provider.on('authenticationFailed', ({ reason }: onAuthenticationFailedParameters) => {
      this.#tracker.unsynced();
      this.#publishState();
      this.#listener.refused({ reason: link.flags.tokenFailed ? SOCKET_REASONS.unauthorized : reason, via: 'auth' });
    });
    provider.on('close', (event: onCloseParameters) => this.#onClose(link, event));
    provider.on('stateless', ({ payload }: onStatelessParameters) => this.#listener.stateless(payload));
    provider.on('unsyncedChanges', ({ number }: onUnsyncedChangesParameters) => link === this.#link && this.#listener.unsynced?.(number));
    const awareness = provider.awareness;
    awareness?.on('change', () => link === this.#link && this.#listener.presence?.(awareness.getStates()));
    // A non-empty state, so the server claims this client id and stamps it with the token's user.
    provider.setAwarenessField('idle', this.#idle);
    this.#link = link;
    // With a socket of our own the provider does not attach itself.
    provider.attach();
  }

  /** Drops the socket and keeps the document, to reopen later with {@link connect}. */
  suspend(): void {
    this.#dropLink();
    this.#tracker.suspended();
    this.#publishState();
  }

  /**
   * Reopens at once on a new socket (with a token fetched anew). `quiet`: the pill keeps saying
   * live meanwhile, for reopenings the server asked for that the reader need not know about.
   */
  reconnectNow(quiet: boolean): void {
    if (quiet) {
      // Before the drop, so not even a passing "reconnecting" is reported.
      this.#tracker.quiet(true);
      clearTimeout(this.#quietTimer);
      this.#quietTimer = setTimeout(() => {
        this.#tracker.quiet(false);
        this.#publishState();
      }, QUIET_REOPEN_MS);
    }
    this.#dropLink();
    this.#tracker.suspended();
    this.connect();
    this.#publishState();
  }

  /** The "try now" of a waiting page: skips what is left of the provider's reconnect delay. */
  retryNow(): void {
    const socket = this.#link?.socket;
    if (socket && socket.status === WebSocketStatus.Disconnected) void socket.connect();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#stopTokenSync();
    clearTimeout(this.#quietTimer);
    window.removeEventListener('online', this.#onNetwork);
    window.removeEventListener('offline', this.#onNetwork);
    metaMap(this.#doc).unobserveDeep(this.#onMeta);
    this.#store.destroy();
    this.#dropLink();
    this.#doc.destroy();
  }

  #onSynced(link: Link): void {
    if (link !== this.#link) return;
    const first = !this.#tracker.everSynced;
    this.#tracker.synced();
    clearTimeout(this.#quietTimer);
    this.#publishState();
    this.#listener.synced(first);
  }

  readonly #onMeta = (): void => this.#listener.meta(metaToJSON(this.#doc));

  readonly #onNetwork = (): void => {
    this.#tracker.network(navigator.onLine);
    this.#publishState();
    // Back online: try now instead of waiting out the backoff.
    if (navigator.onLine) this.retryNow();
  };

  #onClose(link: Link, { event }: onCloseParameters): void {
    if (link !== this.#link) return;
    if (link.socket.status === WebSocketStatus.Connected) {
      // The socket is up, so this is Hocuspocus' CLOSE message: the server ended this document's
      // session (code 1000 whatever it was; the reason says why) and the provider would sit
      // there unsynced. The caller decides what comes next.
      this.#tracker.unsynced();
      this.#publishState();
      this.#listener.refused({ reason: event.reason, via: 'close' });
    } else if (event.code === SERVICE_RESTART_CLOSE_CODE) {
      // The server is going away (a restart, a rolling deploy): reconnect now rather than after
      // the provider's delay; the load balancer sends us to an instance that is up, and if none
      // is, the provider's backoff takes over from this attempt.
      this.retryNow();
    } else if (event.code >= 4000 && event.reason) {
      // The socket itself was closed with an application code; the provider reconnects anyway.
      this.#listener.refused({ reason: event.reason, via: 'socket' });
    }
    // Anything else is a dropped socket: the provider retries and status events follow.
  }

  #dropLink(): void {
    const link = this.#link;
    if (!link) return;
    this.#link = undefined;
    this.#listener.presence?.(new Map());
    link.provider.destroy();
    link.socket.destroy();
  }

  #publishState(): void {
    const state = this.#tracker.state;
    if (state === this.#state) return;
    this.#state = state;
    this.#listener.connection(state);
  }
}

/** `ws(s)://<this host>/collab?doc=<id>`, so the page works behind any proxy that serves it. */
export function collabUrl(page: Pick<Location, 'protocol' | 'host'>, artifactId: string): string {
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  // The artifact in the URL lets a load balancer send every socket of one artifact to the same
  // instance (infra/nginx hashes on it); the server reads the document name from the protocol.
  return `${scheme}//${page.host}${COLLAB_PATH}?doc=${encodeURIComponent(artifactId)}`;
}
