import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type * as Y from 'yjs';
import type { LiveNotice } from '#shared/api';
import type { ArtifactMeta, Section } from '#shared/schema';
import { renderArtifactHeader } from '#shared/render';
import { loadArtifactAccess, NO_PERMISSIONS } from '../access/index.ts';
import { signInHere } from '../auth/index.ts';
import { LoadController, renderTopBar } from '../chrome/index.ts';
import '../remix/index.ts';
import { saveStateOf, sectionEditor, type SectionEditor } from '../editing/index.ts';
import { PresenceController } from '../presence/index.ts';
import { LiveConnection } from './live-connection.ts';
import type { LiveProblemKind } from './live-problem.ts';
import type { Staleness } from './live-notices.ts';
import { NOTHING_NEW } from './new-above.ts';
import { renderProblemNotice } from './problem-notice.ts';
import { ReaderController } from './reader-controller.ts';
import { ReadingAids } from './reading-aids.ts';
import { captureScrollAnchor, restoreScrollAnchor, type ScrollAnchor } from './scroll-anchor.ts';
import '../comments/comments-panel.ts';
import './live-notices.ts';
import './section-element.ts';
import './status-pill.ts';
import './version-toolbar.ts';
import '../editing/save-status.ts';
import '../editing/title-edit.ts';
import '../presence/presence-avatars.ts';

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
    restored: { state: true },
    unsynced: { state: true },
    editRefused: { state: true },
  };

  declare artifactId: string;
  protected declare sections: readonly Section[];
  protected declare meta: ArtifactMeta | undefined;
  protected declare restored: LiveNotice | undefined;
  /** Edits made here that the server has not acknowledged (stored) yet. */
  protected declare unsynced: number;
  /** The server refused an edit made here; the page shows the stored document and says so. */
  protected declare editRefused: boolean;

  readonly #live = new LiveConnection(this, {
    sections: (sections) => this.#applySections(sections),
    meta: (meta) => (this.meta = meta),
    firstSync: () => {
      this.#takeFromSession();
      void this.updateComplete.then(() => {
        this.#reader.firstRendered();
        this.#aids.firstRendered();
        this.toggleAttribute('data-synced', true);
      });
    },
    recovered: () => {
      this.querySelector('la-comments')?.reload();
      this.#takeFromSession();
      void this.#access.run();
      void this.updateComplete.then(() => this.#reader.recoveredRendered());
    },
    notice: (notice) => (this.restored = notice),
    stateless: (payload) => this.querySelector('la-comments')?.stateless(payload),
    access: (info) => this.#access.set(info),
    presence: (states) => this.#presence.states(states),
    unsynced: (count) => (this.unsynced = count),
    editRefused: () => (this.editRefused = true),
  });
  readonly #presence = new PresenceController(this, (idle) => this.#live.setIdle(idle));
  /** One editor per session: a document reloaded from storage gets a new one (open editors close). */
  #editor: { session: unknown; editor: SectionEditor } | undefined;
  /** Whether this page has edited since it opened (the save state shows from then on). */
  #edited = false;
  /** The artifact's summary and what the user may do to it; loaded again after a recovery. */
  readonly #access = new LoadController(this, {
    args: () => [this.artifactId],
    load: ([id], signal) => loadArtifactAccess(id, signal),
  });
  readonly #reader = new ReaderController(this, { artifactId: () => this.artifactId, showsContent: () => this.#showsContent });
  /** Contents, changed-since-opened marks, anchors, announcements (reading-aids.ts). */
  readonly #aids = new ReadingAids(this, { sectionElements: () => this.#reader.sectionElements(), topBarHeight: () => this.#reader.topBarHeight() });
  #sessionFor: string | undefined;
  /** Taken before the first of possibly several changes that land in one render. */
  #pendingAnchor: ScrollAnchor | undefined;
  /** Whether the last render showed the document. */
  #shown = false;

  constructor() {
    super();
    this.artifactId = '';
    this.sections = [];
    this.meta = undefined;
    this.restored = undefined;
    this.unsynced = 0;
    this.editRefused = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.#onBeforeUnload);
    if (this.artifactId && this.#sessionFor === undefined) this.#open(); // re-attached after a detach
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#sessionFor = undefined;
    window.removeEventListener('beforeunload', this.#onBeforeUnload);
  }

  /** Leaving with edits the server has not stored yet: the browser asks first. */
  readonly #onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (this.unsynced > 0) event.preventDefault();
  };

  /** The editor of the open session, for people who may edit (undefined otherwise). */
  get #sectionEditor(): SectionEditor | undefined {
    const session = this.#live.session;
    if (!session || !this.#access.value?.permissions.edit) return undefined;
    if (this.#editor?.session !== session) {
      const edit = (change: (doc: Y.Doc) => void) => {
        this.#edited = true; // not on the provider's count alone: opening the document counts too
        session.edit(change);
      };
      this.#editor = { session, editor: sectionEditor(() => session.doc, edit) };
    }
    return this.#editor.editor;
  }

  protected override willUpdate(): void {
    if (this.artifactId && this.artifactId !== this.#sessionFor && this.isConnected) this.#open();
    // The document is about to give way to a problem's notice: note where the reader was first.
    if (this.#shown && !this.#showsContent) {
      this.#reader.documentHiding();
      this.restored = undefined; // about the document as it was; not news once it comes back
    }
  }

  protected override updated(): void {
    this.#shown = this.#showsContent;
    const problem = this.#live.problem;
    const title =
      problem && !this.#showsContent
        ? `${PROBLEM_TITLES[problem.kind]} · Live Artifacts`
        : this.#live.everSynced
          ? this.meta?.title || 'Untitled artifact'
          : undefined;
    if (title !== undefined && document.title !== title) document.title = title;
  }

  /** Also wait for the sections, so a scroll correction measures their final size. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    await Promise.all(Array.from(this.querySelectorAll('la-section'), (el) => el.updateComplete));
    return result;
  }

  /** Opens the document (the access load follows the id by itself). */
  #open(): void {
    this.#reader.reset();
    this.#aids.reset();
    this.sections = [];
    this.meta = undefined;
    this.restored = undefined;
    this.removeAttribute('data-synced');
    document.title = 'Loading… · Live Artifacts';
    this.#sessionFor = this.artifactId;
    this.#live.open(this.artifactId);
  }

  #takeFromSession(): void {
    this.meta = this.#live.meta;
    this.sections = this.#live.sections;
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

  #applySections(sections: readonly Section[]): void {
    if (!this.#live.everSynced || !this.#showsContent) {
      this.sections = sections; // nothing on screen: nothing to anchor
      return;
    }
    if (!this.#pendingAnchor) {
      this.#pendingAnchor = captureScrollAnchor(this.#reader.sectionElements(), this.#reader.topBarHeight());
      void this.updateComplete.then(() => {
        const anchor = this.#pendingAnchor;
        this.#pendingAnchor = undefined;
        if (anchor) restoreScrollAnchor(anchor);
      });
    }
    this.#reader.sectionsChanging(this.#pendingAnchor, this.sections, sections);
    this.#aids.sectionsChanging(this.sections, sections);
    this.sections = sections;
  }

  protected override render(): TemplateResult {
    const live = this.#live;
    const problem = live.problem;
    const content = this.#showsContent;
    const stale = this.#staleness;
    return html`${renderTopBar(
        html`<a class="app-bar__link" href="/">All artifacts</a>${this.#sectionEditor && this.#edited && content
            ? html`<la-save-status .state=${saveStateOf(this.unsynced, live.connection === 'live')} .edited=${true}></la-save-status>`
            : nothing}<la-status-pill .state=${live.pill}></la-status-pill><la-presence .list=${content ? this.#presence.list : undefined}></la-presence>`,
      )}
      <main class="live-main">
      <article class="la-artifact live ${stale ? 'live--stale' : ''}" aria-busy=${content || problem ? 'false' : 'true'}>
        ${problem && !content
          ? renderProblemNotice({
              artifactId: this.artifactId,
              problem,
              wasOpen: live.everSynced,
              summary: this.#access.value?.summary,
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
        .newAbove=${content ? this.#reader.newAbove : NOTHING_NEW}
        @la-retry=${() => live.retryNow()}
        @la-jump-new=${() => this.#reader.jumpToNew()}
        @la-dismiss-new=${() => this.#reader.dismissNew()}
        @la-dismiss-restored=${() => (this.restored = undefined)}
      ></la-live-notices>
      </main>`;
  }

  #renderArtifact(stale: boolean): TemplateResult {
    const access = this.#access.value;
    const editor = stale ? undefined : this.#sectionEditor;
    // Not current: the actions stay where they are (nothing jumps) but cannot be used.
    return html`<la-version-toolbar
        ?inert=${stale}
        .artifactId=${this.artifactId}
        .summary=${access?.summary}
        .permissions=${access?.permissions ?? NO_PERMISSIONS}
      ></la-version-toolbar>
      <la-lineage-bar ?inert=${stale} .artifactId=${this.artifactId} .version=${null} .canRemix=${(access?.permissions ?? NO_PERMISSIONS).remix}></la-lineage-bar>
      ${this.editRefused
        ? html`<div class="notice notice--error edit-refused" role="alert" data-testid="edit-refused">
            <p class="notice__title">Your last change was not saved.</p>
            <p>The server refused it (too large, or no longer allowed), so the page was reloaded from what is stored.</p>
            <p class="notice__actions"><button type="button" class="button button--quiet" @click=${() => (this.editRefused = false)}>Dismiss</button></p>
          </div>`
        : nothing}
      ${editor
        ? html`<la-title-edit .meta=${this.meta} @la-rename=${(e: CustomEvent<string>) => editor.rename(e.detail)}></la-title-edit>`
        : renderArtifactHeader(this.meta ?? { title: '', kind: '' })}
      ${this.#aids.render(this.sections)}
      <div class="la-main live-sections">
        ${repeat(
          this.sections,
          (section) => section.id,
          (section) => html`<la-section .section=${section} .editor=${editor}></la-section>`,
        )}
      </div>
      <la-comments .artifactId=${this.artifactId} .sections=${this.sections} .summary=${access?.summary}></la-comments>
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

customElements.define('la-live-view', LiveView);

declare global {
  interface HTMLElementTagNameMap {
    'la-live-view': LiveView;
  }
}
