import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveNotice } from '#shared/api';
import type { ArtifactMeta, Section } from '#shared/schema';
import { forgetCurrentUser, loadArtifactAccess, type ArtifactAccessInfo } from '../access/index.ts';
import { api } from '../api/index.ts';
import { asApiError } from '../chrome/index.ts';
import { backoffDelayMs } from './backoff.ts';
import type { ConnectionState } from './connection-state.ts';
import { classifyRefusal, pillStateOf, problemFromCheckError, RECOVERY, type LiveProblemKind, type PillState } from './live-problem.ts';
import { parseLiveNotice } from './live-notice.ts';
import { LiveSession, type Refusal } from './live-session.ts';

export interface LiveProblem {
  kind: LiveProblemKind;
  /** `pinned`: the version readers see, once the summary said which. */
  version?: number | undefined;
}

/** What the view hears besides the state it reads off the controller. */
export interface LiveConnectionEvents {
  sections(sections: readonly Section[]): void;
  meta(meta: ArtifactMeta): void;
  /** The document synced for the first time: what the session holds is the server's state. */
  firstSync(): void;
  /** Live again after a problem: what depends on the user's access should be loaded anew. */
  recovered(): void;
  notice(notice: LiveNotice): void;
  /** Every stateless message of the socket (the page's parts pick theirs, e.g. comment notices). */
  stateless?(payload: string): void;
  /** A check while pinned loaded the artifact's summary and the user's permissions. */
  access(info: ArtifactAccessInfo): void;
  /** Who is on the page (awareness states; empty while not connected). */
  presence?(states: ReadonlyMap<number, unknown>): void;
  /** Edits made here that the server has not stored yet. */
  unsynced?(count: number): void;
  /** The server refused an edit made here; the stored document is being loaded instead. */
  editRefused?(): void;
}

/** Reopenings in a row (no sync between) the server may ask for before they wait out a backoff. */
const QUICK_REOPENS = 3;
/** Sessions the server ended in a row for no stated reason (no sync between) before the page says unavailable. */
const MAX_SERVER_CLOSES = 3;

/**
 * The live page's connection as a Lit reactive controller: opens the artifact's LiveSession,
 * turns every refusal into a state (live-problem.ts), and keeps checking, with capped backoff,
 * whether a condition that can clear has cleared (the feature is back on: `GET /api/me`; no
 * longer pinned: the summary; the server answers again: the socket). Then it reopens the same
 * document, which syncs what it missed; no reload. The host re-renders on every change.
 */
export class LiveConnection implements ReactiveController {
  /** Why the page is not live, if it is not; undefined while live or merely reconnecting. */
  problem: LiveProblem | undefined = undefined;
  connection: ConnectionState = 'connecting';
  /** Synced at least once since `open`: there is content, current or not. */
  everSynced = false;
  /** When what is on screen stopped being current; undefined while it is. */
  staleSince: Date | undefined = undefined;

  readonly #host: ReactiveControllerHost;
  readonly #events: LiveConnectionEvents;
  #artifactId = '';
  #session: LiveSession | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #checks = new AbortController();
  #attempt = 0;
  #quickReopens = 0;
  #serverCloses = 0;
  #idle = false;

  constructor(host: ReactiveControllerHost, events: LiveConnectionEvents) {
    this.#host = host;
    this.#events = events;
    host.addController(this);
  }

  get pill(): PillState {
    return pillStateOf(this.problem?.kind, this.connection);
  }

  get sections(): readonly Section[] {
    return this.#session?.sections ?? [];
  }

  get meta(): ArtifactMeta | undefined {
    return this.#session?.meta;
  }

  open(artifactId: string): void {
    this.close();
    this.#artifactId = artifactId;
    this.problem = undefined;
    this.everSynced = false;
    this.staleSince = undefined;
    this.#attempt = this.#quickReopens = this.#serverCloses = 0;
    this.#checks = new AbortController();
    const session: LiveSession = new LiveSession(artifactId, {
      sections: (sections) => this.#events.sections(sections),
      meta: (meta) => this.#events.meta(meta),
      connection: (state) => this.#onConnection(state),
      synced: (first) => this.#onSynced(first),
      refused: (refusal) => this.#onRefused(refusal),
      stateless: (payload) => {
        this.#events.stateless?.(payload);
        const notice = parseLiveNotice(payload);
        if (notice && !this.problem) this.#events.notice(notice);
      },
      presence: (states) => this.#events.presence?.(states),
      unsynced: (count) => this.#events.unsynced?.(count),
    });
    session.setIdle(this.#idle);
    this.#session = session;
    this.connection = session.state;
    this.#host.requestUpdate();
  }

  /** The open document, for editors (undefined while none is open). */
  get session(): LiveSession | undefined {
    return this.#session;
  }

  setIdle(idle: boolean): void {
    this.#idle = idle;
    this.#session?.setIdle(idle);
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#checks.abort();
    this.#session?.destroy();
    this.#session = undefined;
  }

  /** "Try now": check at once instead of waiting out the backoff. */
  retryNow(): void {
    this.#session?.retryNow();
    const problem = this.problem;
    if (!problem || RECOVERY[problem.kind] === 'final') return;
    clearTimeout(this.#timer);
    void this.#check();
  }

  hostConnected(): void {
    window.addEventListener('online', this.#poke);
    document.addEventListener('visibilitychange', this.#poke);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.#poke);
    document.removeEventListener('visibilitychange', this.#poke);
    this.close();
  }

  /** Someone is looking again, or the network is back: a waiting check need not wait. */
  readonly #poke = (): void => {
    if (document.visibilityState !== 'visible' || this.#timer === undefined) return;
    this.retryNow();
  };

  #onConnection(state: ConnectionState): void {
    if (this.connection === 'live' && state !== 'live') this.staleSince ??= new Date();
    this.connection = state;
    this.#host.requestUpdate();
  }

  #onSynced(first: boolean): void {
    const recovering = this.problem !== undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#attempt = this.#quickReopens = this.#serverCloses = 0;
    this.problem = undefined;
    this.everSynced = true;
    this.staleSince = undefined;
    if (first) this.#events.firstSync();
    if (recovering) this.#events.recovered();
    this.#host.requestUpdate();
  }

  #onRefused({ reason, via }: Refusal): void {
    const outcome = classifyRefusal(reason, via);
    // A socket closed as a whole is reconnected by the provider; only a verdict changes that.
    if (via === 'socket' && outcome.action !== 'problem') return;
    if (outcome.action === 'reload') {
      this.#events.editRefused?.();
      this.#events.unsynced?.(0);
      this.open(this.#artifactId);
    } else if (outcome.action === 'problem') {
      this.#setProblem(outcome.problem);
    } else if (outcome.action === 'reconnect-now' && this.#quickReopens < QUICK_REOPENS) {
      this.#quickReopens++;
      this.#session?.reconnectNow(true);
    } else if (++this.#serverCloses > MAX_SERVER_CLOSES) {
      this.#setProblem('unavailable');
    } else {
      this.#session?.suspend();
      this.#schedule(() => this.#session?.connect());
    }
  }

  #setProblem(kind: LiveProblemKind): void {
    const previous = this.problem;
    if (this.connection === 'live' || this.everSynced) this.staleSince ??= new Date();
    this.problem = { kind, version: kind === 'pinned' && previous?.kind === 'pinned' ? previous.version : undefined };
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (RECOVERY[kind] === 'final') {
      // Nothing to wait for: drop the socket and the content (it must not stay readable).
      this.#checks.abort();
      this.#session?.destroy();
      this.#session = undefined;
    } else {
      this.#session?.suspend();
      // A pinned page should point to the version now, not after a backoff.
      if (kind === 'pinned' && previous?.kind !== 'pinned') this.#timer = setTimeout(() => void this.#check(), 0);
      else this.#schedule(() => void this.#check());
    }
    this.#host.requestUpdate();
  }

  #schedule(run: () => void): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      run();
    }, backoffDelayMs(this.#attempt++));
  }

  /** One recovery check for the current problem; reopens the document once it has cleared. */
  async #check(): Promise<void> {
    this.#timer = undefined;
    const problem = this.problem;
    const signal = this.#checks.signal;
    if (!problem || !this.#session) return;
    const again = () => this.#schedule(() => void this.#check());
    try {
      switch (RECOVERY[problem.kind]) {
        case 'final':
          return;
        case 'watch-policy': {
          const me = await api.me({ signal });
          if (signal.aborted || this.problem !== problem) return;
          if (me.policy?.enabled === false) return again();
          forgetCurrentUser(); // the shared copy still says the feature is off
          break;
        }
        case 'watch-pin': {
          const info = await loadArtifactAccess(this.#artifactId, signal);
          if (signal.aborted || this.problem !== problem) return;
          this.#events.access(info);
          if (!info.permissions.readLive) {
            this.problem = { kind: 'pinned', version: info.summary.pinnedVersion ?? undefined };
            this.#host.requestUpdate();
            return again();
          }
          break;
        }
        case 'retry-socket':
          break;
      }
    } catch (error: unknown) {
      if (signal.aborted || this.problem !== problem) return;
      const next = problemFromCheckError(asApiError(error));
      if (next && next !== problem.kind) this.#setProblem(next);
      else again();
      return;
    }
    // Reopen; the answer decides: synced clears the problem, a refusal sets it again.
    this.#session.connect();
  }
}
