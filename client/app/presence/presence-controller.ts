import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { currentUser } from '../access/index.ts';
import { IdleWatch } from './idle-watch.ts';
import { presenceList, type PresenceList } from './presence-list.ts';

/**
 * The live page's presence as a Lit controller: turns the awareness states the session reports
 * into the avatar list (leaving out the signed-in user, once known), and reports the reader's
 * idle state to `setIdle` (the session's, which sends it as the one presence field).
 */
export class PresenceController implements ReactiveController {
  list: PresenceList = { shown: [], more: 0, all: [] };
  readonly #host: ReactiveControllerHost;
  readonly #watch: IdleWatch;
  #states: ReadonlyMap<number, unknown> = new Map();
  #selfUserId: string | undefined;

  constructor(host: ReactiveControllerHost, setIdle: (idle: boolean) => void) {
    this.#host = host;
    this.#watch = new IdleWatch(setIdle);
    host.addController(this);
  }

  hostConnected(): void {
    this.#watch.start();
    void currentUser().then(
      (me) => {
        this.#selfUserId = me.userId;
        this.#rebuild();
      },
      () => undefined, // signed out: the page says so itself; presence just stays as it is
    );
  }

  hostDisconnected(): void {
    this.#watch.stop();
  }

  /** The session's awareness states changed (someone came, went, or became idle). */
  states(states: ReadonlyMap<number, unknown>): void {
    this.#states = new Map(states);
    this.#rebuild();
  }

  #rebuild(): void {
    this.list = presenceList(this.#states, this.#selfUserId);
    this.#host.requestUpdate();
  }
}
