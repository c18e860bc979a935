import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Loadable } from './loadable.ts';
import { asApiError } from './notices.ts';

export interface LoadOptions<A extends readonly unknown[], T> {
  /**
   * What the load depends on, read before every render: a change of any item (by identity)
   * starts a new load and aborts the one in flight. `undefined` means "not yet": nothing starts.
   */
  args: () => A | undefined;
  load: (args: A, signal: AbortSignal) => Promise<T>;
  /** Keep a loaded value on screen while a later load runs (a refresh), instead of going back to `loading`. */
  keepValue?: boolean;
  /** Each loaded value, before the host renders it: for state the host derives from it. */
  loaded?: (value: T) => void;
}

/** Whether two argument lists hold the same items (by identity), so a render alone never reloads. */
export function sameArgs(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((item, i) => Object.is(item, b[i]));
}

/**
 * One piece of data a page fetches, as a reactive controller: it owns the AbortController, runs
 * the load when its arguments change (and again after the host is re-attached), aborts it when
 * the host leaves the page, and reports `loading`, `loaded` or `error`. An answer that arrives
 * after a newer load started, or after the host left, is dropped, so nothing old overwrites
 * what the page shows now.
 */
export class LoadController<const A extends readonly unknown[], T> implements ReactiveController {
  state: Loadable<T> = { phase: 'loading' };
  /** A load is under way (also while `keepValue` keeps the previous value on screen). */
  pending = false;

  readonly #host: ReactiveControllerHost;
  readonly #options: LoadOptions<A, T>;
  #abort: AbortController | undefined;
  #args: A | undefined;

  constructor(host: ReactiveControllerHost, options: LoadOptions<A, T>) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The loaded value, if any. */
  get value(): T | undefined {
    return this.state.phase === 'loaded' ? this.state.value : undefined;
  }

  hostConnected(): void {
    // Re-attached after leaving: the arguments were forgotten, so the next render loads again.
    this.#host.requestUpdate();
  }

  hostUpdate(): void {
    const args = this.#options.args();
    if (args !== undefined && !sameArgs(args, this.#args)) void this.#start(args);
  }

  hostDisconnected(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    this.#args = undefined;
    this.pending = false;
  }

  /** Loads again with the current arguments ("Try again", a refresh after a change). */
  run(): Promise<void> {
    const args = this.#options.args();
    return args === undefined ? Promise.resolve() : this.#start(args);
  }

  /** Drops the load in flight, keeping what is shown; the same arguments load again when next asked. */
  cancel(): void {
    this.#abort?.abort();
    this.#args = undefined;
    this.pending = false;
  }

  /** Puts a value in place without asking (the server's answer to a save); a load in flight is dropped. */
  set(value: T): void {
    this.#abort?.abort();
    this.pending = false;
    this.state = { phase: 'loaded', value };
    this.#host.requestUpdate();
  }

  async #start(args: A): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.#args = args;
    this.pending = true;
    if (!this.#options.keepValue || this.state.phase !== 'loaded') this.state = { phase: 'loading' };
    this.#host.requestUpdate();
    let next: Loadable<T>;
    try {
      const value = await this.#options.load(args, abort.signal);
      if (abort.signal.aborted) return;
      this.#options.loaded?.(value);
      next = { phase: 'loaded', value };
    } catch (error: unknown) {
      if (abort.signal.aborted) return;
      next = { phase: 'error', error: asApiError(error) };
    }
    this.state = next;
    this.pending = false;
    this.#host.requestUpdate();
  }
}
