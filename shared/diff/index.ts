/**
 * Section-level diff of two artifact states (two versions, or a version and the live
 * document), computed from their JSON.
 * Pure: no I/O, no clock.
 */
export { diffArtifacts, isEmptyDiff } from './artifact-diff.ts';
export { diffTextLines, CONTEXT_LINES, MAX_EDIT_LINES } from './text-hunks.ts';
export { movedKeys, longestIncreasingSubsequence } from './moves.ts';
export { canonicalJson, keyedChanges, multisetChanges } from './collections.ts';
export { describeDataUri, formatBytes } from './data-uri.ts';
export { sectionForDiff } from './section-changes.ts';
export type {
  ArtifactDiff,
  ChangedSection,
  KeyedChanges,
  MovedSection,
  MultisetChanges,
  PlacedSection,
  SectionDetail,
  SeriesPointChanges,
  TextHunk,
  ValueChange,
} from './types.ts';
