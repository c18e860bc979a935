/**
 * Holds a just-restored reading position while the page settles. A reload, a sign-in or a
 * `#section` link scrolls once the document is first rendered, but parts of the page above the
 * reader arrive a moment later (the lineage bar, the version toolbar's summary, comment
 * controls, fonts), and each would push the words the reader came back to out of place. Each
 * animation frame, the hold puts them back, until the page has been still for a while or the
 * reader scrolls for themselves (any scroll not made here, or a wheel, touch, key or pointer).
 */

/** The hold ends once nothing has moved for this long. */
export const HOLD_QUIET_MS = 1_000;
/** … and in any case after this long. */
export const HOLD_MAX_MS = 5_000;

const READER_INPUT = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;

/**
 * @param offBy how far (px) the page must scroll down for the position to be right again, or
 *   undefined once the target is gone
 * @returns a function that ends the hold early
 */
export function holdScrollPosition(offBy: () => number | undefined): () => void {
  const started = performance.now();
  let quietSince = started;
  let frame = 0;
  let ours = window.scrollY;
  const stop = (): void => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    for (const type of READER_INPUT) window.removeEventListener(type, stop, true);
  };
  const tick = (now: number): void => {
    frame = 0;
    const delta = window.scrollY === ours ? offBy() : undefined; // the reader moved: theirs now
    if (delta === undefined) return stop();
    if (Math.abs(delta) >= 1) {
      window.scrollBy({ top: delta, behavior: 'instant' });
      if (window.scrollY !== ours) quietSince = now; // at the end of a short page it cannot move
      ours = window.scrollY;
    }
    if (now - quietSince >= HOLD_QUIET_MS || now - started >= HOLD_MAX_MS) return stop();
    frame = requestAnimationFrame(tick);
  };
  for (const type of READER_INPUT) window.addEventListener(type, stop, { capture: true, passive: true });
  frame = requestAnimationFrame(tick);
  return stop;
}
