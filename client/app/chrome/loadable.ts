import type { ArtifactsError } from '../api/index.ts';

/** Data a page fetches, in the three states it renders (LoadController keeps it up to date). */
export type Loadable<T> = { phase: 'loading' } | { phase: 'error'; error: ArtifactsError } | { phase: 'loaded'; value: T };
