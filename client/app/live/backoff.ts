/** How fast retries of a condition that may clear by itself slow down. */
export interface BackoffOptions {
  /** The first retry's delay, before jitter. */
  initialDelayMs: number;
  /** Growth per attempt. */
  factor: number;
  /** Cap on any delay, before jitter: the page never waits longer than this to look again. */
  maxDelayMs: number;
}

/**
 * For the live page's recovery checks (feature back on? unpinned? server back?): the first look
 * within a second, then 2, 4, 8 s... and never more than 15 s apart, so a page left open comes
 * back soon after the condition clears without a thousand open pages hammering the server.
 */
export const RECOVERY_BACKOFF: Readonly<BackoffOptions> = Object.freeze({ initialDelayMs: 1_000, factor: 2, maxDelayMs: 15_000 });

/**
 * The delay before retry number `attempt` (0 = the first): `initial × factor^attempt`, capped,
 * then "equal jitter", a uniform pick between half and all of it. Jitter spreads out the pages
 * an org-wide event refused at the same instant; the lower half-bound keeps any one page from
 * retrying much sooner than the schedule says.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = RECOVERY_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(attempt));
  const capped = Math.min(options.maxDelayMs, options.initialDelayMs * options.factor ** exponent);
  const unit = Math.min(1, Math.max(0, random()));
  return Math.round(capped / 2 + (capped / 2) * unit);
}
