import type { ReactiveControllerHost } from 'lit';
import { ArgsController } from './args-controller.ts';
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

export { sameArgs } from './args-controller.ts';

/**
 * One piece of data a page fetches, as a reactive controller: it owns the AbortController, runs
 * the load when its arguments change (and again after the host is re-attached), aborts it when
 * the host leaves the page, and reports `loading`, `loaded` or `error`. An answer that arrives
 * after a newer load started, or after the host left, is dropped, so nothing old overwrites
 * what the page shows now.
 */
export class LoadController<const A extends readonly unknown[], T> extends ArgsController<A> {
  state: Loadable<T> = { phase: 'loading' };
  /** A load is under way (also while `keepValue` keeps the previous value on screen). */
  pending = false;

  readonly #options: LoadOptions<A, T>;

  constructor(host: ReactiveControllerHost, options: LoadOptions<A, T>) {
    super(host, options.args);
    this.#options = options;
  }

  /** The loaded value, if any. */
  get value(): T | undefined {
    return this.state.phase === 'loaded' ? this.state.value : undefined;
  }

  override hostDisconnected(): void {
    super.hostDisconnected();
    this.pending = false;
  }

  /** Drops the load in flight, keeping what is shown; the same arguments load again when next asked. */
  cancel(): void {
    this.abort?.abort();
    this.args = undefined;
    this.pending = false;
  }

  /** Puts a value in place without asking (the server's answer to a save); a load in flight is dropped. */
  set(value: T): void {
    this.abort?.abort();
    this.pending = false;
    this.state = { phase: 'loaded', value };
    this.host.requestUpdate();
  }

  protected async start(args: A): Promise<void> {
    const signal = this.begin(args);
    this.pending = true;
    if (!this.#options.keepValue || this.state.phase !== 'loaded') this.state = { phase: 'loading' };
    this.host.requestUpdate();
    let next: Loadable<T>;
    try {
      const value = await this.#options.load(args, signal);
      if (signal.aborted) return;
      this.#options.loaded?.(value);
      next = { phase: 'loaded', value };
    } catch (error: unknown) {
      if (signal.aborted) return;
      next = { phase: 'error', error: asApiError(error) };
    }
    this.state = next;
    this.pending = false;
    this.host.requestUpdate();
  }
}
