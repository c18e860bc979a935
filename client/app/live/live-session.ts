import {
  HocuspocusProvider,
  HocuspocusProviderWebsocket,
  WebSocketStatus,
  type onAuthenticationFailedParameters,
  type onCloseParameters,
  type onStatusParameters,
} from '@hocuspocus/provider';
import * as Y from 'yjs';
import { metaMap, metaToJSON, type ArtifactMeta, type Section } from '#shared/schema';
import { getAccessToken, onTokenRefresh } from '../auth/index.ts';
import { ConnectionTracker, type ConnectionState } from './connection-state.ts';
import { SectionStore } from './section-store.ts';

/** Where the collaboration server listens, on the page's own origin (CONTRACT.md). */
export const COLLAB_PATH = '/collab';

/**
 * Longest pause between reconnect attempts. The provider's default (30 s) is long for a page
 * people watch during an incident; its backoff and jitter still spread reconnects out.
 */
const RECONNECT_MAX_DELAY_MS = 10_000;

/** Why a session ended for good: retrying would not help, so the page says so and stops. */
export interface SessionProblem {
  kind: 'denied' | 'closed';
  /** The server's reason, for the small print; may be empty. */
  reason: string;
}

export interface LiveSessionListener {
  /** The ordered sections; objects of untouched sections keep their identity. */
  sections(sections: readonly Section[]): void;
  meta(meta: ArtifactMeta): void;
  connection(state: ConnectionState): void;
  /** The document synced for the first time; what is shown now is the server's state. */
  ready(): void;
  problem(problem: SessionProblem): void;
}

/**
 * Socket close codes after which reconnecting is pointless (Hocuspocus' Unauthorized and
 * Forbidden, and 4404 for a document that does not exist).
 */
const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([4401, 4403, 4404]);

/** Server-side session ends in a row (no sync in between) before we stop reconnecting. */
const MAX_SERVER_CLOSES = 3;

/**
 * One viewer's live connection to one artifact: a Y.Doc kept in sync through Hocuspocus, turned
 * into section JSON, meta and a connection state for the view. Read-only: it never edits.
 */
export class LiveSession {
  readonly #doc = new Y.Doc();
  readonly #store: SectionStore;
  readonly #socket: HocuspocusProviderWebsocket;
  readonly #provider: HocuspocusProvider;
  readonly #tracker = new ConnectionTracker();
  readonly #listener: LiveSessionListener;
  #state: ConnectionState;
  #destroyed = false;
  #providerStopped = false;
  #serverCloses = 0;
  readonly #stopTokenSync: () => void;

  constructor(artifactId: string, listener: LiveSessionListener) {
    this.#listener = listener;
    this.#store = new SectionStore(this.#doc);
    this.#store.subscribe((sections) => listener.sections(sections));
    metaMap(this.#doc).observeDeep(this.#onMeta);
    this.#tracker.network(navigator.onLine);
    this.#state = this.#tracker.state;
    window.addEventListener('online', this.#onNetwork);
    window.addEventListener('offline', this.#onNetwork);

    this.#socket = new HocuspocusProviderWebsocket({
      url: collabUrl(location),
      maxDelay: RECONNECT_MAX_DELAY_MS,
    });
    this.#provider = new HocuspocusProvider({
      websocketProvider: this.#socket,
      name: artifactId,
      document: this.#doc,
      token: getAccessToken,
    });
    this.#provider.on('status', ({ status }: onStatusParameters) => {
      this.#tracker.socket(status);
      this.#publishState();
    });
    this.#provider.on('synced', this.#onSynced);
    this.#provider.on('authenticationFailed', ({ reason }: onAuthenticationFailedParameters) =>
      this.#fail({ kind: 'denied', reason }),
    );
    this.#provider.on('close', this.#onClose);
    // With a socket of our own the provider does not attach itself.
    this.#provider.attach();
    // The server closes the socket when its token expires unless a fresh one arrives on it.
    this.#stopTokenSync = onTokenRefresh(() => {
      if (this.#providerStopped || !this.#provider.isAuthenticated) return; // a (re)connect sends its own
      void this.#provider.sendToken();
    });
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get sections(): readonly Section[] {
    return this.#store.sections;
  }

  get meta(): ArtifactMeta {
    return metaToJSON(this.#doc);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#stopTokenSync();
    window.removeEventListener('online', this.#onNetwork);
    window.removeEventListener('offline', this.#onNetwork);
    metaMap(this.#doc).unobserveDeep(this.#onMeta);
    this.#store.destroy();
    this.#stopProvider();
    this.#doc.destroy();
  }

  readonly #onSynced = (): void => {
    const first = !this.#tracker.everSynced;
    this.#tracker.synced();
    this.#serverCloses = 0;
    this.#publishState();
    if (first) this.#listener.ready();
  };

  readonly #onMeta = (): void => this.#listener.meta(metaToJSON(this.#doc));

  readonly #onNetwork = (): void => {
    this.#tracker.network(navigator.onLine);
    this.#publishState();
    // Back online: try now instead of waiting out the backoff.
    if (navigator.onLine && !this.#providerStopped && this.#socket.status === WebSocketStatus.Disconnected) {
      void this.#socket.connect();
    }
  };

  readonly #onClose = ({ event }: onCloseParameters): void => {
    if (this.#providerStopped) return;
    if (this.#socket.status === WebSocketStatus.Connected) {
      // The server ended this document's session but kept the socket (a Hocuspocus CLOSE
      // message: shutdown, a failed load, an expired token...). The provider would sit there
      // unsynced, so drop the socket and let the normal reconnect re-authenticate and re-sync;
      // a real refusal then arrives as authenticationFailed. Give up if it keeps happening.
      this.#serverCloses++;
      if (this.#serverCloses > MAX_SERVER_CLOSES) this.#fail({ kind: 'closed', reason: event.reason });
      else this.#socket.webSocket?.close();
    } else if (FINAL_CLOSE_CODES.has(event.code)) {
      this.#fail({ kind: 'denied', reason: event.reason });
    }
    // Anything else is a dropped socket: the provider retries and status events follow.
  };

  #fail(problem: SessionProblem): void {
    if (this.#destroyed) return;
    this.#tracker.close();
    this.#publishState();
    this.#listener.problem(problem);
    // Stop the provider's retry loop; the view offers a reload instead.
    this.#stopProvider();
  }

  #stopProvider(): void {
    if (this.#providerStopped) return;
    this.#providerStopped = true;
    this.#provider.destroy();
    this.#socket.destroy();
  }

  #publishState(): void {
    const state = this.#tracker.state;
    if (state === this.#state) return;
    this.#state = state;
    this.#listener.connection(state);
  }
}

/** `ws(s)://<this host>/collab`, so the page works behind any proxy that serves it. */
export function collabUrl(page: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${page.host}${COLLAB_PATH}`;
}
