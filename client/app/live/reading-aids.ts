import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Section } from '#shared/schema';
import { eventAnchorId, sectionAnchorId } from '#shared/render';
import { arrivedText, ChangedSections } from './changed-sections.ts';
import { fillRelativeTimes } from './relative-times.ts';
import { newBelowText, NOTHING_BELOW, type NewBelow } from './new-above.ts';
import './contents-nav.ts';

/** New events are announced at most this often, as one sentence. */
export const ANNOUNCE_BATCH_MS = 2500;
/** Relative times ("3 min ago") are refreshed this often. */
export const RELATIVE_TICK_MS = 15_000;

/** What the aids need from the live view they serve. */
export interface ReadingPage {
  sectionElements(): Iterable<Element>;
  topBarHeight(): number;
}

/**
 * The reading aids of a live page, as a Lit reactive controller: the contents with the sections
 * changed since the page was opened, the section being read, "Jump to latest", the polite
 * announcement of new events, relative times that tick, and `#section-…` / `#event-…` links
 * (the target is unfolded if an older event, and kept in view across live updates until the
 * reader scrolls themselves).
 */
export class ReadingAids implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #page: ReadingPage;
  readonly #changed = new ChangedSections();
  #currentId: string | undefined;
  #announcement = '';
  #pending = { count: 0, where: [] as string[] };
  #announceTimer: ReturnType<typeof setTimeout> | undefined;
  #tickTimer: ReturnType<typeof setInterval> | undefined;
  #frame = 0;
  /** Events that arrived in timelines wholly below the view. */
  #below: NewBelow = NOTHING_BELOW;
  /** Where the page was when the reader picked a section in the contents; it stays current there. */
  #chosenAtScrollY: number | undefined;
  /** A linked element the page keeps in view until the reader moves. */
  #pinned: Element | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, page: ReadingPage) {
    this.#host = host;
    this.#page = page;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('scroll', this.#onScroll, { passive: true });
    window.addEventListener('hashchange', this.#onHash);
    for (const type of ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const) window.addEventListener(type, this.#unpin, { passive: true });
    this.#tickTimer = setInterval(() => this.tickRelativeTimes(), RELATIVE_TICK_MS);
  }

  hostDisconnected(): void {
    window.removeEventListener('scroll', this.#onScroll);
    window.removeEventListener('hashchange', this.#onHash);
    for (const type of ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const) window.removeEventListener(type, this.#unpin);
    clearInterval(this.#tickTimer);
    clearTimeout(this.#announceTimer);
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  hostUpdated(): void {
    // The sections render after the host: fill their relative times once they have.
    void this.#host.updateComplete.then(() => this.tickRelativeTimes());
  }

  reset(): void {
    this.#changed.reset();
    this.#currentId = undefined;
    this.#pending = { count: 0, where: [] };
    this.#announcement = '';
    this.#pinned = undefined;
    this.#chosenAtScrollY = undefined;
    this.#below = NOTHING_BELOW;
  }

  /** A change is about to land: note what changed out of the reader's sight, and what arrived. */
  sectionsChanging(before: readonly Section[], after: readonly Section[]): void {
    this.#countBelow(before, after);
    const arrived = this.#changed.update(before, after, this.#visibleIds());
    if (arrived.count) {
      this.#pending = { count: this.#pending.count + arrived.count, where: [...this.#pending.where, ...arrived.where] };
      this.#announceTimer ??= setTimeout(() => this.#announce(), ANNOUNCE_BATCH_MS);
    }
    const pinned = this.#pinned;
    if (pinned) void this.#host.updateComplete.then(() => pinned === this.#pinned && pinned.isConnected && pinned.scrollIntoView({ block: 'start' }));
  }

  /** The first render: go to the element the address names, if any. */
  firstRendered(): void {
    this.#updateCurrent();
    if (location.hash) this.#goToHash(false);
  }

  render(sections: readonly Section[]): TemplateResult {
    const below = newBelowText(this.#below);
    return html`<div class="live-notices live-notices--below" aria-live="polite">${
      below
        ? html`<div class="live-notice live-notice--new" data-testid="new-below">
            <button type="button" class="live-notice__jump" data-testid="jump-to-new-below" @click=${() => this.#jumpBelow()}>
              <span aria-hidden="true">↓</span> ${below}
            </button>
            <button type="button" class="live-notice__close" aria-label="Dismiss the new events notice" title="Dismiss"
              @click=${() => this.#setBelow(NOTHING_BELOW)}>×</button>
          </div>`
        : nothing
    }</div>
    <la-contents
      .sections=${sections}
      .changed=${this.#changed.changedIds}
      .currentId=${this.#currentId}
      .canJump=${this.#changed.latest !== undefined || sections.some((s) => s.type === 'timeline' && s.events.length > 0)}
      .announcement=${this.#announcement}
      @la-contents-go=${(e: CustomEvent<string>) => this.goTo(e.detail)}
      @la-jump-latest=${() => this.jumpToLatest()}
    ></la-contents>`;
  }

  /** To a section, from the contents: it is visited, and the address says where the reader is. */
  goTo(sectionId: string): void {
    const element = document.getElementById(sectionAnchorId(sectionId));
    if (!element) return;
    history.replaceState(history.state, '', `#${sectionAnchorId(sectionId)}`);
    this.#land(element);
    this.#changed.visit(sectionId);
    // The last sections of a page never reach its top: the one chosen is the one being read.
    this.#currentId = sectionId;
    this.#chosenAtScrollY = window.scrollY;
    this.#host.requestUpdate();
  }

  /** To what changed last (its newest event for a timeline), else the newest event on the page. */
  jumpToLatest(sections: readonly Section[] = this.#sections()): void {
    const latest = this.#changed.latest ?? newestEvent(sections);
    if (!latest) return;
    const target = (latest.eventId && document.getElementById(eventAnchorId(latest.eventId))) || document.getElementById(sectionAnchorId(latest.sectionId));
    if (!target) return;
    this.#land(target);
    if (this.#changed.visit(latest.sectionId)) this.#host.requestUpdate();
  }

  /** Fills every `.la-ago` with its time relative to now. */
  tickRelativeTimes(): void {
    fillRelativeTimes(this.#host);
  }

  #sections(): Section[] {
    return Array.from(this.#page.sectionElements(), (el) => (el as HTMLElement & { section?: Section }).section).filter((s): s is Section => !!s);
  }

  /** Scrolls to an element (unfolding older events around it), focuses it, and keeps it there. */
  #land(element: Element): void {
    for (let fold = element.closest('details'); fold; fold = fold.parentElement?.closest('details') ?? null) fold.open = true;
    element.scrollIntoView({ block: 'start' });
    if (element instanceof HTMLElement) {
      if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
      element.focus({ preventScroll: true });
    }
    for (const old of this.#host.querySelectorAll('.la-target')) old.classList.remove('la-target');
    if (element.classList.contains('la-timeline__event')) element.classList.add('la-target');
    this.#pinned = element;
  }

  #goToHash(fromLink: boolean): void {
    const raw = safeDecode(location.hash.slice(1));
    if (!raw) return;
    // `#<section-id>` works as well as `#section-<id>`.
    const element = document.getElementById(raw) ?? document.getElementById(sectionAnchorId(raw));
    if (!element || !this.#host.contains(element)) return;
    this.#land(element);
    const section = element.closest<HTMLElement>('[data-section-id]');
    if (section && this.#changed.visit(section.dataset['sectionId'] ?? '')) this.#host.requestUpdate();
    if (fromLink) void navigator.clipboard?.writeText(location.href).catch(() => undefined);
  }

  /** Timelines wholly below the view that grow: counted, since the reader cannot see them grow. */
  #countBelow(before: readonly Section[], after: readonly Section[]): void {
    const old = new Map(before.map((s) => [s.id, s]));
    let next = this.#below;
    for (const section of after) {
      const previous = old.get(section.id);
      if (section.type !== 'timeline' || !previous || previous === section || previous.type !== 'timeline') continue;
      const element = document.getElementById(sectionAnchorId(section.id));
      if (!element || element.getBoundingClientRect().top < window.innerHeight) continue;
      const known = new Set(previous.events.map((e) => e.id));
      const fresh = section.events.filter((e) => !known.has(e.id));
      const newest = fresh.reduce<(typeof fresh)[number] | undefined>((a, e) => (!a || e.at >= a.at ? e : a), undefined);
      if (newest) next = { events: next.events + fresh.length, target: { sectionId: section.id, eventId: newest.id } };
    }
    this.#setBelow(next);
  }

  #setBelow(next: NewBelow): void {
    if (next === this.#below) return;
    this.#below = next;
    this.#host.requestUpdate();
  }

  #jumpBelow(): void {
    const target = this.#below.target;
    this.#setBelow(NOTHING_BELOW);
    const element = target && (document.getElementById(eventAnchorId(target.eventId)) ?? document.getElementById(sectionAnchorId(target.sectionId)));
    if (element) this.#land(element);
  }

  #announce(): void {
    this.#announceTimer = undefined;
    this.#announcement = arrivedText(this.#pending.count, this.#pending.where);
    this.#pending = { count: 0, where: [] };
    this.#host.requestUpdate();
  }

  #visibleIds(): Set<string> {
    const top = this.#page.topBarHeight();
    const ids = new Set<string>();
    for (const el of this.#page.sectionElements()) {
      const rect = el.getBoundingClientRect();
      if (rect.bottom > top + 40 && rect.top < window.innerHeight - 40 && el instanceof HTMLElement && el.dataset['sectionId']) ids.add(el.dataset['sectionId']);
    }
    return ids;
  }

  #updateCurrent(): void {
    const line = this.#page.topBarHeight() + 24;
    let current: string | undefined;
    for (const el of this.#page.sectionElements()) {
      if (!(el instanceof HTMLElement)) continue;
      if (el.getBoundingClientRect().top > line && current !== undefined) break;
      current = el.dataset['sectionId'];
    }
    if (this.#chosenAtScrollY !== undefined) {
      if (Math.abs(window.scrollY - this.#chosenAtScrollY) < 4) current = this.#currentId;
      else this.#chosenAtScrollY = undefined;
    }
    let changed = current !== this.#currentId;
    this.#currentId = current;
    const belowId = this.#below.target?.sectionId;
    const belowEl = belowId ? document.getElementById(sectionAnchorId(belowId)) : null;
    if (belowId && (!belowEl || belowEl.getBoundingClientRect().top < window.innerHeight)) {
      this.#below = NOTHING_BELOW;
      changed = true;
    }
    // What the reader scrolled to is no longer news.
    for (const id of this.#visibleIds()) if (this.#changed.visit(id)) changed = true;
    if (changed) this.#host.requestUpdate();
  }

  readonly #onScroll = (): void => {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#updateCurrent();
    });
  };

  readonly #onHash = (): void => this.#goToHash(true);

  readonly #unpin = (): void => {
    this.#pinned = undefined;
  };
}

function newestEvent(sections: readonly Section[]): { sectionId: string; eventId: string | undefined } | undefined {
  let best: { sectionId: string; eventId: string; at: string } | undefined;
  for (const s of sections) {
    if (s.type !== 'timeline') continue;
    for (const e of s.events) if (!best || e.at >= best.at) best = { sectionId: s.id, eventId: e.id, at: e.at };
  }
  return best && { sectionId: best.sectionId, eventId: best.eventId };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
