/**
 * Keeps what the reader is looking at still while sections above it grow, shrink, appear or
 * vanish. Done by hand rather than with CSS `overflow-anchor` because browser support and its
 * choice of anchor node vary (Safari has none); the section list sets `overflow-anchor: none`
 * so the browser does not adjust a second time.
 *
 * Usage: `capture` right before the DOM changes, `restore` once it has changed, both in the
 * same task (no paint in between, so the reader never sees the jump).
 */
export type ScrollAnchor =
  /** Do nothing: at the very top (stay there) or nothing to anchor to. */
  | { kind: 'none' }
  /** The reader was at the very bottom of a scrolled page, e.g. following a live log. */
  | { kind: 'follow' }
  /** Candidates in order: the first visible section and the two after it, with their tops. */
  | { kind: 'elements'; candidates: Array<{ element: Element; top: number }> };

/** How close to the bottom (px) still counts as "at the bottom". */
const FOLLOW_SLACK_PX = 4;
/** Extra anchors, in case the first one is the section that gets removed. */
const FALLBACK_ANCHORS = 2;

/**
 * @param items the section elements in document (= vertical) order
 * @param viewportTop px hidden at the top of the viewport, e.g. by a sticky header
 */
export function captureScrollAnchor(items: ArrayLike<Element>, viewportTop = 0): ScrollAnchor {
  if (window.scrollY <= 0) return { kind: 'none' };
  const page = document.documentElement;
  if (window.scrollY + window.innerHeight >= page.scrollHeight - FOLLOW_SLACK_PX) return { kind: 'follow' };
  const first = firstBelow(items, viewportTop);
  if (first < 0) return { kind: 'none' };
  const candidates: Array<{ element: Element; top: number }> = [];
  for (let i = first; i < items.length && candidates.length <= FALLBACK_ANCHORS; i++) {
    const element = items[i];
    if (element) candidates.push({ element, top: element.getBoundingClientRect().top });
  }
  return { kind: 'elements', candidates };
}

export function restoreScrollAnchor(anchor: ScrollAnchor): void {
  if (anchor.kind === 'follow') {
    window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' });
    return;
  }
  if (anchor.kind !== 'elements') return;
  const still = anchor.candidates.find((c) => c.element.isConnected);
  if (!still) return;
  const delta = still.element.getBoundingClientRect().top - still.top;
  if (delta !== 0) window.scrollBy({ top: delta, behavior: 'instant' });
}

/**
 * Index of the first item whose bottom edge is below `y` (viewport coordinates), or -1.
 * Binary search: stacked blocks have non-decreasing bottoms, and reading a handful of rects
 * keeps this cheap on documents with thousands of sections.
 */
function firstBelow(items: ArrayLike<Element>, y: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = items[mid];
    if (item && item.getBoundingClientRect().bottom > y) hi = mid;
    else lo = mid + 1;
  }
  return lo < items.length ? lo : -1;
}
