export { DiffPage } from './diff-page.ts';
export { renderArtifactDiff } from './render-diff.ts';
