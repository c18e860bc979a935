/** No input, or a hidden tab, for this long: the person shows as idle to the others. */
export const IDLE_AFTER_MS = 60_000;
/** How often the watch looks at the clock (idle shows up to this much after the minute). */
const CHECK_EVERY_MS = 5_000;
/** What counts as someone being there. */
const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'focus'] as const;

/** Whether a reader is idle: no input for `idleAfterMs`, or the tab hidden that long. */
export function isIdle(nowMs: number, lastInputMs: number, hiddenSinceMs: number | undefined, idleAfterMs = IDLE_AFTER_MS): boolean {
  if (hiddenSinceMs !== undefined && nowMs - hiddenSinceMs >= idleAfterMs) return true;
  return nowMs - lastInputMs >= idleAfterMs;
}

/**
 * Watches the page for input and visibility and reports when the reader becomes idle or comes
 * back (only changes: presence sends one small awareness update each time, not one per event).
 */
export class IdleWatch {
  #lastInputMs = Date.now();
  #hiddenSinceMs: number | undefined = document.visibilityState === 'hidden' ? Date.now() : undefined;
  #idle = false;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly changed: (idle: boolean) => void) {}

  get idle(): boolean {
    return this.#idle;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    for (const type of INPUT_EVENTS) window.addEventListener(type, this.#onInput, { passive: true, capture: true });
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#timer = setInterval(this.#check, CHECK_EVERY_MS);
  }

  stop(): void {
    for (const type of INPUT_EVENTS) window.removeEventListener(type, this.#onInput, { capture: true });
    document.removeEventListener('visibilitychange', this.#onVisibility);
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  readonly #onInput = (): void => {
    this.#lastInputMs = Date.now();
    if (this.#idle) this.#check();
  };

  readonly #onVisibility = (): void => {
    if (document.visibilityState === 'hidden') this.#hiddenSinceMs ??= Date.now();
    else {
      this.#hiddenSinceMs = undefined;
      this.#lastInputMs = Date.now(); // coming back to the tab is being there
    }
    this.#check();
  };

  readonly #check = (): void => {
    const idle = isIdle(Date.now(), this.#lastInputMs, this.#hiddenSinceMs);
    if (idle === this.#idle) return;
    this.#idle = idle;
    this.changed(idle);
  };
}
