import { captureScrollAnchor } from './scroll-anchor.ts';

/**
 * Where the reader is, by section rather than by pixels, so a reload lands on the same words even
 * when the agent added or grew sections above them meanwhile: the section at the top of the view
 * and how far its top is from the view's top (negative inside a long section), or the very end
 * of a page the reader was following.
 */
export type ReadingPosition = { kind: 'section'; sectionId: string; offsetPx: number } | { kind: 'end' };

/** A position older than this is not restored: the reader has moved on. */
export const READING_POSITION_MAX_AGE_MS = 30 * 60_000;

const storageKey = (artifactId: string) => `la:reading-position:${artifactId}`;

/**
 * The path this document was loaded at. Only a page loaded at its own address is a reload; one
 * reached inside the app (from the gallery) starts at the top like any link, even when the tab
 * left the same artifact a moment ago.
 */
const LANDING_PATH = globalThis.location?.pathname ?? '';

/** The stored form: JSON with the time it was written. */
export function serializeReadingPosition(position: ReadingPosition, nowMs: number): string {
  return JSON.stringify({ ...position, savedAtMs: nowMs });
}

/** The position in `text` if it is well-formed and fresh, else undefined. */
export function parseReadingPosition(text: string | null, nowMs: number): ReadingPosition | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, sectionId, offsetPx, savedAtMs } = value as Record<string, unknown>;
  if (typeof savedAtMs !== 'number' || !(nowMs - savedAtMs >= 0 && nowMs - savedAtMs <= READING_POSITION_MAX_AGE_MS)) return undefined;
  if (kind === 'end') return { kind };
  if (kind !== 'section' || typeof sectionId !== 'string' || !sectionId || typeof offsetPx !== 'number' || !Number.isFinite(offsetPx)) return undefined;
  return { kind, sectionId, offsetPx: Math.round(offsetPx) };
}

/** Where the reader is now; undefined at the very top (a reload starts there anyway). */
export function currentReadingPosition(items: ArrayLike<Element>, viewportTop: number): ReadingPosition | undefined {
  const anchor = captureScrollAnchor(items, viewportTop);
  if (anchor.kind === 'follow') return { kind: 'end' };
  if (anchor.kind !== 'elements') return undefined;
  const first = anchor.candidates[0];
  const sectionId = first && first.element instanceof HTMLElement ? first.element.dataset['sectionId'] : undefined;
  return first && sectionId ? { kind: 'section', sectionId, offsetPx: Math.round(first.top - viewportTop) } : undefined;
}

/**
 * Kept in sessionStorage, per tab and artifact: `history.state` would not survive, since a reload
 * goes through the IdP's sign-in redirect and comes back as a new history entry.
 */
export function rememberReadingPosition(artifactId: string, position: ReadingPosition | undefined, nowMs: number): void {
  try {
    if (position) sessionStorage.setItem(storageKey(artifactId), serializeReadingPosition(position, nowMs));
    else sessionStorage.removeItem(storageKey(artifactId));
  } catch {
    // Storage full or disabled: the reload starts at the top, as it always did.
  }
}

/**
 * The remembered position, forgotten as it is read: it is for the load right after leaving, and
 * only when that load came straight to this page.
 */
export function takeReadingPosition(artifactId: string, nowMs: number): ReadingPosition | undefined {
  if (location.pathname !== LANDING_PATH) return undefined;
  try {
    const text = sessionStorage.getItem(storageKey(artifactId));
    sessionStorage.removeItem(storageKey(artifactId));
    return parseReadingPosition(text, nowMs);
  } catch {
    return undefined;
  }
}

/** How far (px) the page must scroll down to show `position`; undefined when its section is gone. */
export function readingPositionOffBy(position: ReadingPosition, viewportTop: number): number | undefined {
  if (position.kind === 'end') return document.documentElement.scrollHeight - window.innerHeight - window.scrollY;
  const element = document.querySelector(`la-section[data-section-id="${CSS.escape(position.sectionId)}"]`);
  return element ? element.getBoundingClientRect().top - viewportTop - position.offsetPx : undefined;
}

/** Scrolls back to `position`; false when its section is gone. */
export function scrollToReadingPosition(position: ReadingPosition, viewportTop: number): boolean {
  const delta = readingPositionOffBy(position, viewportTop);
  if (delta === undefined) return false;
  window.scrollBy({ top: delta, behavior: 'instant' });
  return true;
}
