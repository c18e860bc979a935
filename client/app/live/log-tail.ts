import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How close to the bottom (px) still counts as "at the bottom" (zoom and rounding leave fractions). */
const AT_BOTTOM_SLACK_PX = 4;
/** The scroll box of a log section, as the shared renderer draws it (shared/render/code.ts). */
const SCROLL_BOX = '.la-code--log .la-code__scroll';

/**
 * Follow-the-tail for a log section's scroll box: a reader at the bottom stays at the bottom as
 * lines arrive; a reader who scrolled up is left where they are, and `hasNewLines` turns true
 * (the host shows "new lines ↓") until they are back at the bottom. The box opens at its tail,
 * since the newest lines are what a live log is read for.
 *
 * The host calls `beforeRender()` in `willUpdate` and the controller settles after the render.
 */
export class LogTail implements ReactiveController {
  /** Lines arrived below the reader's view since they scrolled up. */
  hasNewLines = false;
  #follow = true;
  #heightBefore = 0;
  readonly #onScroll = (event: Event) => {
    const box = event.target;
    if (!(box instanceof HTMLElement) || !box.matches(SCROLL_BOX)) return;
    this.#follow = atBottom(box);
    if (this.#follow && this.hasNewLines) this.#setNewLines(false);
  };

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    // Scroll events do not bubble; a capturing listener on the host sees its boxes' scrolls.
    this.host.addEventListener('scroll', this.#onScroll, { capture: true, passive: true });
  }

  hostDisconnected(): void {
    this.host.removeEventListener('scroll', this.#onScroll, { capture: true });
  }

  /** Notes where the reader is before the section re-renders. */
  beforeRender(): void {
    const box = this.#box();
    if (!box) return;
    this.#follow = atBottom(box);
    this.#heightBefore = box.scrollHeight;
  }

  hostUpdated(): void {
    const box = this.#box();
    if (!box) {
      this.#follow = true;
      return;
    }
    if (this.#follow) {
      box.scrollTop = box.scrollHeight;
      if (this.hasNewLines) this.#setNewLines(false);
    } else if (box.scrollHeight > this.#heightBefore && !this.hasNewLines) {
      this.#setNewLines(true);
    }
  }

  /** "New lines ↓": back to the tail, following again. */
  jumpToTail(): void {
    const box = this.#box();
    if (!box) return;
    box.scrollTo({ top: box.scrollHeight, behavior: 'instant' });
    this.#follow = true;
    this.#setNewLines(false);
  }

  #setNewLines(value: boolean): void {
    this.hasNewLines = value;
    this.host.requestUpdate();
  }

  #box(): HTMLElement | null {
    return this.host.querySelector<HTMLElement>(SCROLL_BOX);
  }
}

function atBottom(box: HTMLElement): boolean {
  return box.scrollHeight - box.scrollTop - box.clientHeight <= AT_BOTTOM_SLACK_PX;
}
