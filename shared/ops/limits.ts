/**
 * Bounds on what one artifact and one batch may hold. The server passes its configured
 * values; these are the defaults.
 */
export interface OpLimits {
  /** Ops in one batch. */
  maxOpsPerBatch: number;
  /** Sections in one artifact. */
  maxSections: number;
  /** Characters in one text body (markdown, callout, code, diff). */
  maxTextChars: number;
  /** Entries in one list field (events, items, rows, points of a series). */
  maxItems: number;
  /** Characters of an image data URI. */
  maxImageChars: number;
}

export const DEFAULT_OP_LIMITS: Readonly<OpLimits> = Object.freeze({
  maxOpsPerBatch: 1_000,
  maxSections: 20_000,
  maxTextChars: 1_000_000,
  maxItems: 50_000,
  maxImageChars: 8 * 1024 * 1024,
});
