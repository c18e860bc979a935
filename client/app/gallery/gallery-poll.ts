import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * How often an open, visible gallery asks for the list again. Why polling and not a push: the
 * list route already authorizes every row for the reader (decide per row, pinned titles for
 * readers of pinned artifacts), works the same behind nginx and across instances, and costs
 * one indexed query per open gallery tab every few seconds; a push channel would need its own
 * per-row authorization and fan-out for every change of every artifact in the org, for a page
 * people glance at. Bounded: one request in flight at a time, none while the tab is hidden,
 * and one at once when it becomes visible again.
 */
export const GALLERY_POLL_MS = 5_000;

export class GalleryPoll implements ReactiveController {
  #timer: ReturnType<typeof setInterval> | undefined;
  #inFlight: AbortController | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly refresh: (signal: AbortSignal) => Promise<void>,
    private readonly everyMs = GALLERY_POLL_MS,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#timer = setInterval(this.#tick, this.everyMs);
    document.addEventListener('visibilitychange', this.#tick);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    document.removeEventListener('visibilitychange', this.#tick);
    this.#inFlight?.abort();
    this.#inFlight = undefined;
  }

  readonly #tick = (): void => {
    if (document.visibilityState !== 'visible' || this.#inFlight) return;
    const controller = new AbortController();
    this.#inFlight = controller;
    void this.refresh(controller.signal).finally(() => {
      if (this.#inFlight === controller) this.#inFlight = undefined;
    });
  };
}
