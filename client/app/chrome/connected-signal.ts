import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * An AbortSignal that lasts while the host is attached, for a page's actions (save, publish,
 * download): their answer means nothing once the page is gone, so leaving aborts them, and
 * coming back gives a fresh signal.
 */
export class ConnectedSignal implements ReactiveController {
  #abort = new AbortController();

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  hostConnected(): void {
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
  }

  hostDisconnected(): void {
    this.#abort.abort();
  }
}
