import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Section } from '#shared/schema';
import { countNewAbove, mergeNewAbove, NOTHING_NEW, type NewAbove } from './new-above.ts';
import { holdScrollPosition } from './position-hold.ts';
import {
  currentReadingPosition,
  readingPositionOffBy,
  rememberReadingPosition,
  scrollToReadingPosition,
  takeReadingPosition,
  type ReadingPosition,
} from './reading-position.ts';
import type { ScrollAnchor } from './scroll-anchor.ts';

/** What the controller needs from the live view it serves. */
export interface ReaderPage {
  artifactId(): string;
  /** The live document is on screen (rather than a problem's notice). */
  showsContent(): boolean;
}

/**
 * The reader's side of a live page, as a Lit reactive controller: where they are (kept when the
 * page leaves, so a reload or a sign-in comes back to the same section, and when a problem hides
 * the document, so its return does too), and what arrived above them out of sight (the "N new
 * events above" notice, cleared once they go up to it). The host is the light-DOM live view.
 */
export class ReaderController implements ReactiveController {
  /** What arrived above the reader since they last looked up there. */
  newAbove: NewAbove = NOTHING_NEW;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #page: ReaderPage;
  /** Where the reader was when a problem hid the document. */
  #hiddenAt: ReadingPosition | undefined;
  #frame = 0;
  /** Ends the hold on a restored position (position-hold.ts). */
  #release: (() => void) | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, page: ReaderPage) {
    this.#host = host;
    this.#page = page;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('pagehide', this.#remember);
    window.addEventListener('scroll', this.#onScroll, { passive: true });
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.#remember);
    window.removeEventListener('scroll', this.#onScroll);
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#hold(undefined);
  }

  /** A new artifact: nothing of the last one applies. */
  reset(): void {
    this.#hiddenAt = undefined;
    this.#hold(undefined);
    this.#setNew(NOTHING_NEW);
  }

  /** Call while the document is still on screen, right before a problem's notice replaces it. */
  documentHiding(): void {
    this.#hold(undefined);
    this.#hiddenAt = currentReadingPosition(this.sectionElements(), this.topBarHeight());
    this.#setNew(NOTHING_NEW);
  }

  /**
   * The first render of this page load: back where the reader was when the tab left this page
   * (a reload), else to the section the address names (`#section-<id>`).
   */
  firstRendered(): void {
    const position = takeReadingPosition(this.#page.artifactId(), Date.now());
    if (position && scrollToReadingPosition(position, this.topBarHeight())) {
      this.#hold(() => readingPositionOffBy(position, this.topBarHeight()));
      return;
    }
    const target = location.hash ? document.getElementById(safeDecode(location.hash.slice(1))) : null;
    if (!target) return;
    target.scrollIntoView();
    const margin = parseFloat(getComputedStyle(target).scrollMarginTop) || 0;
    this.#hold(() => (target.isConnected ? target.getBoundingClientRect().top - margin : undefined));
  }

  /** The document is back after a problem: where the reader was then. */
  recoveredRendered(): void {
    const position = this.#hiddenAt;
    this.#hiddenAt = undefined;
    if (position && scrollToReadingPosition(position, this.topBarHeight())) {
      this.#hold(() => readingPositionOffBy(position, this.topBarHeight()));
    }
  }

  /** Counts what a change about to land (`before` → `after`) adds above the anchored reader. */
  sectionsChanging(anchor: ScrollAnchor, before: readonly Section[], after: readonly Section[]): void {
    if (anchor.kind !== 'elements') return; // at the top, or following the end: the reader sees it arrive
    const anchorIds = anchor.candidates.map((c) => (c.element instanceof HTMLElement ? (c.element.dataset['sectionId'] ?? '') : ''));
    this.#setNew(mergeNewAbove(this.newAbove, countNewAbove(before, after, anchorIds), after));
  }

  dismissNew(): void {
    this.#setNew(NOTHING_NEW);
  }

  /** "Jump up": to the topmost section with something new, and focus it for keyboard users. */
  jumpToNew(): void {
    const first = this.newAbove.firstId;
    this.#setNew(NOTHING_NEW);
    const element = first ? this.#sectionElement(first) : null;
    if (!element) return;
    element.scrollIntoView({ block: 'start' });
    // Land on what was jumped to, not on a button that just went away.
    element.setAttribute('tabindex', '-1');
    element.focus({ preventScroll: true });
  }

  sectionElements(): HTMLCollectionOf<Element> | Element[] {
    return this.#host.querySelector('.live-sections')?.children ?? [];
  }

  /** The sticky bar covers the top of the viewport; the reader's view starts below it. */
  topBarHeight(): number {
    return this.#host.querySelector('.app-bar')?.getBoundingClientRect().height ?? 0;
  }

  readonly #remember = (): void => {
    const position = this.#page.showsContent() ? currentReadingPosition(this.sectionElements(), this.topBarHeight()) : this.#hiddenAt;
    rememberReadingPosition(this.#page.artifactId(), position, Date.now());
  };

  /** Once the reader scrolls up to what was new, the notice has done its job. */
  readonly #onScroll = (): void => {
    if (!this.newAbove.firstId || this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      const first = this.newAbove.firstId;
      const element = first ? this.#sectionElement(first) : null;
      if (!element || window.scrollY <= 0 || element.getBoundingClientRect().bottom > this.topBarHeight()) this.#setNew(NOTHING_NEW);
    });
  };

  /** Holds the position `offBy` measures while what is above it settles (none: ends the hold). */
  #hold(offBy: (() => number | undefined) | undefined): void {
    this.#release?.();
    this.#release = offBy ? holdScrollPosition(offBy) : undefined;
  }

  #setNew(next: NewAbove): void {
    if (next === this.newAbove) return;
    this.newAbove = next;
    this.#host.requestUpdate();
  }

  #sectionElement(id: string): HTMLElement | null {
    return this.#host.querySelector(`la-section[data-section-id="${CSS.escape(id)}"]`);
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
