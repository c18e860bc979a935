import type { ArtifactsError } from '../api/index.ts';
import { asApiError } from './notices.ts';

/** Data a page fetches, in the three states it renders. */
export type Loadable<T> = { phase: 'loading' } | { phase: 'error'; error: ArtifactsError } | { phase: 'loaded'; value: T };

/**
 * Runs `fetch` and reports `loading`, then `loaded` or `error` through `set`. Nothing is
 * reported once `signal` is aborted, so a page that moved on is never overwritten by an old answer.
 */
export async function track<T>(signal: AbortSignal, fetch: () => Promise<T>, set: (state: Loadable<T>) => void): Promise<void> {
  set({ phase: 'loading' });
  try {
    const value = await fetch();
    if (!signal.aborted) set({ phase: 'loaded', value });
  } catch (error: unknown) {
    if (!signal.aborted) set({ phase: 'error', error: asApiError(error) });
  }
}
