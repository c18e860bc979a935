import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { LiveNotice } from '#shared/api';
import type { ArtifactMeta, Section } from '#shared/schema';
import { renderArtifactHeader } from '#shared/render';
import { loadArtifactAccess, NO_PERMISSIONS, type ArtifactAccessInfo } from '../access/index.ts';
import { signInHere } from '../auth/index.ts';
import { renderTopBar, track, type Loadable } from '../chrome/index.ts';
import { LiveConnection } from './live-connection.ts';
import type { LiveProblemKind } from './live-problem.ts';
import type { Staleness } from './live-notices.ts';
import { countNewAbove, mergeNewAbove, NOTHING_NEW, type NewAbove } from './new-above.ts';
import { renderProblemNotice } from './problem-notice.ts';
import {
  currentReadingPosition,
  rememberReadingPosition,
  scrollToReadingPosition,
  takeReadingPosition,
  type ReadingPosition,
} from './reading-position.ts';
import { captureScrollAnchor, restoreScrollAnchor, type ScrollAnchor } from './scroll-anchor.ts';
import './live-notices.ts';
import './section-element.ts';
import './status-pill.ts';
import './version-toolbar.ts';

/** The tab title while the page shows a problem instead of the artifact. */
const PROBLEM_TITLES: Record<LiveProblemKind, string> = {
  'not-found': 'Not found',
  'access-removed': 'Access removed',
  'feature-off': 'Turned off',
  pinned: 'Pinned version',
  'signed-out': 'Session ended',
  unavailable: 'Unavailable',
};

/**
 * `/a/:id`: one artifact, live. Sections are keyed by id and each `<la-section>` re-renders only
 * when its section object changes (see SectionStore), so an update patches the page in place.
 * Scroll position is anchored by hand around every change (see scroll-anchor.ts); what the
 * anchoring hides from view (sections and events added above) is counted in a notice.
 *
 * The connection and every refusal live in a LiveConnection controller: while the document cannot
 * be shown (not found, access removed, feature off, pinned, signed out) its notice replaces the
 * content and the actions; while the server or the network is away the content stays, dimmed and
 * marked "not current". Reloading the page comes back to the same section (reading-position.ts).
 *
 * Sets the `data-synced` attribute once the document has synced for the first time and is
 * rendered, which is what end-to-end tests wait for. What the user may do comes from their
 * identity and the artifact's summary, checked with the same policies the server enforces. One
 * element shows one artifact: the shell re-creates it when the id changes.
 */
export class LiveView extends LitElement {
  static override properties = {
    artifactId: { attribute: false },
    sections: { state: true },
    meta: { state: true },
    access: { state: true },
    restored: { state: true },
    newAbove: { state: true },
  };

  declare artifactId: string;
  protected declare sections: readonly Section[];
  protected declare meta: ArtifactMeta | undefined;
  /** The artifact's summary and what the user may do to it. */
  protected declare access: Loadable<ArtifactAccessInfo>;
  protected declare restored: LiveNotice | undefined;
  protected declare newAbove: NewAbove;

  readonly #live = new LiveConnection(this, {
    sections: (sections) => this.#applySections(sections),
    meta: (meta) => (this.meta = meta),
    firstSync: () => {
      this.#takeFromSession();
      void this.updateComplete.then(() => this.#afterFirstRender());
    },
    recovered: () => {
      this.#takeFromSession();
      this.#loadAccess();
    },
    notice: (notice) => (this.restored = notice),
    access: (info) => (this.access = { phase: 'loaded', value: info }),
  });
  #abort = new AbortController();
  #sessionFor: string | undefined;
  /** Taken before the first of possibly several changes that land in one render. */
  #pendingAnchor: ScrollAnchor | undefined;
  #scrollFrame = 0;
  /** Whether the last render showed the document. */
  #shown = false;
  /** Where the reader was when a problem hid the document: what a reload or sign-in returns to. */
  #hiddenAt: ReadingPosition | undefined;

  constructor() {
    super();
    this.artifactId = '';
    this.sections = [];
    this.meta = undefined;
    this.access = { phase: 'loading' };
    this.restored = undefined;
    this.newAbove = NOTHING_NEW;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pagehide', this.#rememberPosition);
    window.addEventListener('scroll', this.#onScroll, { passive: true });
    if (this.artifactId && this.#sessionFor === undefined) this.#open(); // re-attached after a detach
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.#rememberPosition);
    window.removeEventListener('scroll', this.#onScroll);
    cancelAnimationFrame(this.#scrollFrame);
    this.#abort.abort();
    this.#sessionFor = undefined;
  }

  protected override willUpdate(): void {
    if (this.artifactId && this.artifactId !== this.#sessionFor && this.isConnected) this.#open();
    // The document is about to give way to a problem's notice: note where the reader was first.
    if (this.#shown && !this.#showsContent) this.#hiddenAt = currentReadingPosition(this.#sectionElements(), this.#topBarHeight());
  }

  protected override updated(changed: PropertyValues): void {
    this.#shown = this.#showsContent;
    const problem = this.#live.problem;
    if (problem && !this.#showsContent) document.title = `${PROBLEM_TITLES[problem.kind]} · Live Artifacts`;
    else if (this.#live.everSynced && (changed.has('meta') || changed.has('sections'))) document.title = this.meta?.title || 'Untitled artifact';
  }

  /** Also wait for the sections, so a scroll correction measures their final size. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    await Promise.all(Array.from(this.querySelectorAll('la-section'), (el) => el.updateComplete));
    return result;
  }

  #open(): void {
    this.#loadAccess();
    this.#hiddenAt = undefined;
    this.sections = [];
    this.meta = undefined;
    this.restored = undefined;
    this.newAbove = NOTHING_NEW;
    this.removeAttribute('data-synced');
    document.title = 'Loading… · Live Artifacts';
    this.#sessionFor = this.artifactId;
    this.#live.open(this.artifactId);
  }

  #takeFromSession(): void {
    this.meta = this.#live.meta;
    this.sections = this.#live.sections;
  }

  #loadAccess(): void {
    this.#abort.abort();
    this.#abort = new AbortController();
    const signal = this.#abort.signal;
    const id = this.artifactId;
    void track(signal, () => loadArtifactAccess(id, signal), (state) => (this.access = state));
  }

  /** The live document is on screen: current, or kept while the server or network is away. */
  get #showsContent(): boolean {
    const problem = this.#live.problem;
    return this.#live.everSynced && (!problem || problem.kind === 'unavailable');
  }

  get #staleness(): Staleness | undefined {
    if (!this.#showsContent) return undefined;
    const since = this.#live.staleSince;
    if (this.#live.connection === 'offline') return { cause: 'offline', since };
    if (this.#live.problem?.kind === 'unavailable') return { cause: 'unavailable', since };
    return undefined;
  }

  /** Runs once the synced document is on screen, sections included. */
  #afterFirstRender(): void {
    // Back where the reader was before a reload; else a link to one section (`/a/:id#section-<id>`),
    // which can only be followed now that it exists.
    const position = takeReadingPosition(this.artifactId, Date.now());
    if (!position || !scrollToReadingPosition(position, this.#topBarHeight())) {
      const target = location.hash ? document.getElementById(safeDecode(location.hash.slice(1))) : null;
      target?.scrollIntoView();
    }
    this.toggleAttribute('data-synced', true);
  }

  readonly #rememberPosition = (): void => {
    const position = this.#showsContent ? currentReadingPosition(this.#sectionElements(), this.#topBarHeight()) : this.#hiddenAt;
    rememberReadingPosition(this.artifactId, position, Date.now());
  };

  /** Once the reader scrolls up to what was new, the notice has done its job. */
  readonly #onScroll = (): void => {
    if (!this.newAbove.firstId || this.#scrollFrame) return;
    this.#scrollFrame = requestAnimationFrame(() => {
      this.#scrollFrame = 0;
      const first = this.newAbove.firstId;
      const element = first ? this.#sectionElement(first) : null;
      if (!element || window.scrollY <= 0 || element.getBoundingClientRect().bottom > this.#topBarHeight()) this.newAbove = NOTHING_NEW;
    });
  };

  #jumpToNew(): void {
    const first = this.newAbove.firstId;
    this.newAbove = NOTHING_NEW;
    const element = first ? this.#sectionElement(first) : null;
    if (!element) return;
    element.scrollIntoView({ block: 'start' });
    // Keyboard users land on what they jumped to, not on a button that just went away.
    element.setAttribute('tabindex', '-1');
    element.focus({ preventScroll: true });
  }

  #applySections(sections: readonly Section[]): void {
    if (!this.#live.everSynced || !this.#showsContent) {
      this.sections = sections; // nothing on screen: nothing to anchor
      return;
    }
    if (!this.#pendingAnchor) {
      this.#pendingAnchor = captureScrollAnchor(this.#sectionElements(), this.#topBarHeight());
      void this.updateComplete.then(() => {
        const anchor = this.#pendingAnchor;
        this.#pendingAnchor = undefined;
        if (anchor) restoreScrollAnchor(anchor);
      });
    }
    const anchor = this.#pendingAnchor;
    if (anchor.kind === 'elements') {
      const anchorIds = anchor.candidates.map((c) => (c.element instanceof HTMLElement ? (c.element.dataset['sectionId'] ?? '') : ''));
      this.newAbove = mergeNewAbove(this.newAbove, countNewAbove(this.sections, sections, anchorIds), sections);
    }
    this.sections = sections;
  }

  #sectionElements(): HTMLCollectionOf<Element> | Element[] {
    return this.querySelector('.live-sections')?.children ?? [];
  }

  #sectionElement(id: string): HTMLElement | null {
    return this.querySelector(`la-section[data-section-id="${CSS.escape(id)}"]`);
  }

  /** The sticky bar covers the top of the viewport; the reader's view starts below it. */
  #topBarHeight(): number {
    return this.querySelector('.app-bar')?.getBoundingClientRect().height ?? 0;
  }

  protected override render(): TemplateResult {
    const live = this.#live;
    const problem = live.problem;
    const content = this.#showsContent;
    const stale = this.#staleness;
    return html`${renderTopBar(
        html`<a class="app-bar__link" href="/">All artifacts</a><la-status-pill .state=${live.pill}></la-status-pill>`,
      )}
      <article class="la-artifact live ${stale ? 'live--stale' : ''}" aria-busy=${content || problem ? 'false' : 'true'}>
        ${problem && !content
          ? renderProblemNotice({
              artifactId: this.artifactId,
              problem,
              wasOpen: live.everSynced,
              summary: this.access.phase === 'loaded' ? this.access.value.summary : undefined,
              reload: () => location.reload(),
              signIn: () => void signInHere(),
              retryNow: () => live.retryNow(),
            })
          : content
            ? this.#renderArtifact(stale !== undefined)
            : this.#renderLoading()}
      </article>
      <la-live-notices
        .artifactId=${this.artifactId}
        .stale=${stale}
        .restored=${content ? this.restored : undefined}
        .newAbove=${content ? this.newAbove : NOTHING_NEW}
        @la-retry=${() => live.retryNow()}
        @la-jump-new=${() => this.#jumpToNew()}
        @la-dismiss-new=${() => (this.newAbove = NOTHING_NEW)}
        @la-dismiss-restored=${() => (this.restored = undefined)}
      ></la-live-notices>`;
  }

  #renderArtifact(stale: boolean): TemplateResult {
    const access = this.access.phase === 'loaded' ? this.access.value : undefined;
    // Not current: the actions stay where they are (nothing jumps) but cannot be used.
    return html`<la-version-toolbar
        ?inert=${stale}
        .artifactId=${this.artifactId}
        .summary=${access?.summary}
        .permissions=${access?.permissions ?? NO_PERMISSIONS}
      ></la-version-toolbar>
      ${renderArtifactHeader(this.meta ?? { title: '', kind: '' })}
      <main class="la-main live-sections">
        ${repeat(
          this.sections,
          (section) => section.id,
          (section) => html`<la-section .section=${section}></la-section>`,
        )}
      </main>
      ${this.sections.length === 0
        ? html`<p class="notice notice--quiet">
            No sections yet. This page updates by itself as soon as the agent adds content.
          </p>`
        : nothing}`;
  }

  #renderLoading(): TemplateResult {
    const unreachable = this.#live.connection === 'offline';
    return html`<div class="loading" role="status">
      <span class="spinner" aria-hidden="true"></span>
      <p>${unreachable ? 'Cannot reach the server. Still trying…' : 'Loading the live document…'}</p>
    </div>`;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

customElements.define('la-live-view', LiveView);

declare global {
  interface HTMLElementTagNameMap {
    'la-live-view': LiveView;
  }
}
