import type { ReactiveControllerHost } from 'lit';
import type { ArtifactsError } from '../api/index.ts';
import { ArgsController } from './args-controller.ts';
import { asApiError } from './notices.ts';

/** A list that grows page by page ("Load more"). A failed next page keeps the pages already shown. */
export type Paged<T> =
  | { phase: 'loading' }
  | { phase: 'error'; error: ArtifactsError }
  | { phase: 'loaded'; items: T[]; nextCursor: string | null; loadingMore: boolean; moreError?: ArtifactsError };

/** One page of a cursor-paged API: `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedOptions<A extends readonly unknown[], T> {
  /** What the list depends on (filters); a change starts over from the first page. `undefined`: not yet. */
  args: () => A | undefined;
  /** The page after `cursor` (null: the first page). */
  page: (args: A, cursor: string | null, signal: AbortSignal) => Promise<Page<T>>;
}

/**
 * A cursor-paged list as a reactive controller: the first page when the arguments change, the
 * next one appended on `more()` until the API says there is none. Starting over aborts
 * whatever page is in flight, and so does the host leaving.
 */
export class PagedController<const A extends readonly unknown[], T> extends ArgsController<A> {
  state: Paged<T> = { phase: 'loading' };

  readonly #options: PagedOptions<A, T>;

  constructor(host: ReactiveControllerHost, options: PagedOptions<A, T>) {
    super(host, options.args);
    this.#options = options;
  }

  /** Appends the next page; does nothing at the end of the list or while a page is loading. */
  async more(): Promise<void> {
    const current = this.state;
    const args = this.args;
    const signal = this.abort?.signal;
    if (current.phase !== 'loaded' || !current.nextCursor || current.loadingMore || !args || !signal) return;
    this.#set({ ...current, loadingMore: true });
    try {
      const page = await this.#options.page(args, current.nextCursor, signal);
      if (signal.aborted) return;
      this.#set({ phase: 'loaded', items: [...current.items, ...page.items], nextCursor: page.nextCursor, loadingMore: false });
    } catch (error: unknown) {
      if (signal.aborted) return;
      this.#set({ ...current, loadingMore: false, moreError: asApiError(error) });
    }
  }

  /** The first page (starting over). */
  protected async start(args: A): Promise<void> {
    const signal = this.begin(args);
    this.#set({ phase: 'loading' });
    try {
      const page = await this.#options.page(args, null, signal);
      if (signal.aborted) return;
      this.#set({ phase: 'loaded', items: page.items, nextCursor: page.nextCursor, loadingMore: false });
    } catch (error: unknown) {
      if (signal.aborted) return;
      this.#set({ phase: 'error', error: asApiError(error) });
    }
  }

  #set(state: Paged<T>): void {
    this.state = state;
    this.host.requestUpdate();
  }
}
