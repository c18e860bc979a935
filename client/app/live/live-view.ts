import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ArtifactMeta, Section } from '#shared/schema';
import { renderArtifactHeader } from '#shared/render';
import { loadArtifactAccess, NO_PERMISSIONS, type ArtifactAccessInfo } from '../access/index.ts';
import { renderTopBar, track, type Loadable } from '../chrome/index.ts';
import { versionPath } from '../router/index.ts';
import type { ConnectionState } from './connection-state.ts';
import { LiveSession, type SessionProblem } from './live-session.ts';
import { captureScrollAnchor, restoreScrollAnchor, type ScrollAnchor } from './scroll-anchor.ts';
import './section-element.ts';
import './status-pill.ts';
import './version-toolbar.ts';

/**
 * `/a/:id`: one artifact, live. Sections are keyed by id and each `<la-section>` re-renders only
 * when its section object changes (see SectionStore), so an update patches the page in place.
 * Scroll position is anchored by hand around every change (see scroll-anchor.ts).
 *
 * Sets the `data-synced` attribute once the document has synced for the first time and is
 * rendered, which is what end-to-end tests wait for. What the user may do comes from their
 * identity and the artifact's summary, checked with the same policies the server enforces. One element shows one artifact: the shell re-creates it when
 * the id changes.
 */
export class LiveView extends LitElement {
  static override properties = {
    artifactId: { attribute: false },
    sections: { state: true },
    meta: { state: true },
    connection: { state: true },
    ready: { state: true },
    problem: { state: true },
    access: { state: true },
  };

  declare artifactId: string;
  protected declare sections: readonly Section[];
  protected declare meta: ArtifactMeta | undefined;
  protected declare connection: ConnectionState;
  protected declare ready: boolean;
  protected declare problem: SessionProblem | undefined;
  /** The artifact's summary and what the user may do to it. */
  protected declare access: Loadable<ArtifactAccessInfo>;

  #session: LiveSession | undefined;
  #abort = new AbortController();
  #sessionFor: string | undefined;
  /** Taken before the first of possibly several changes that land in one render. */
  #pendingAnchor: ScrollAnchor | undefined;

  constructor() {
    super();
    this.artifactId = '';
    this.sections = [];
    this.meta = undefined;
    this.connection = 'connecting';
    this.ready = false;
    this.problem = undefined;
    this.access = { phase: 'loading' };
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.artifactId && !this.#session) this.#open(); // re-attached after a detach
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort.abort();
    this.#session?.destroy();
    this.#session = undefined;
    this.#sessionFor = undefined;
  }

  protected override willUpdate(): void {
    if (this.artifactId && this.artifactId !== this.#sessionFor && this.isConnected) this.#open();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('meta') || changed.has('ready')) {
      if (this.ready) document.title = this.meta?.title || 'Untitled artifact';
    }
  }

  /** Also wait for the sections, so a scroll correction measures their final size. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    await Promise.all(Array.from(this.querySelectorAll('la-section'), (el) => el.updateComplete));
    return result;
  }

  #open(): void {
    this.#loadAccess();
    this.#session?.destroy();
    this.sections = [];
    this.meta = undefined;
    this.ready = false;
    this.problem = undefined;
    this.removeAttribute('data-synced');
    document.title = 'Loading… · Live Artifacts';
    const session: LiveSession = new LiveSession(this.artifactId, {
      sections: (sections) => this.#applySections(sections),
      meta: (meta) => (this.meta = meta),
      connection: (state) => (this.connection = state),
      ready: () => {
        this.meta = session.meta;
        this.sections = session.sections;
        this.ready = true;
        void this.updateComplete.then(() => this.#afterFirstRender(session));
      },
      problem: (problem) => (this.problem = problem),
    });
    this.#session = session;
    this.#sessionFor = this.artifactId;
    this.connection = session.state;
  }

  #loadAccess(): void {
    this.#abort.abort();
    this.#abort = new AbortController();
    const signal = this.#abort.signal;
    const id = this.artifactId;
    void track(
      signal,
      () => loadArtifactAccess(id, signal),
      (state) => {
        this.access = state;
        // Pinned for readers: the server refuses them the live document, so do not keep asking.
        if (state.phase === 'loaded' && !state.value.permissions.readLive) this.#closeSession();
      },
    );
  }

  #closeSession(): void {
    this.#session?.destroy();
    this.#session = undefined;
  }

  /** Runs once the synced document is on screen, sections included. */
  #afterFirstRender(session: LiveSession): void {
    if (session !== this.#session) return;
    // A link to one section (`/a/:id#section-<id>`) can only be followed now that it exists.
    const target = location.hash ? document.getElementById(safeDecode(location.hash.slice(1))) : null;
    target?.scrollIntoView();
    this.toggleAttribute('data-synced', true);
  }

  #applySections(sections: readonly Section[]): void {
    if (!this.ready) {
      this.sections = sections; // nothing on screen yet: nothing to anchor
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
    this.sections = sections;
  }

  #sectionElements(): HTMLCollectionOf<Element> | Element[] {
    return this.querySelector('.live-sections')?.children ?? [];
  }

  /** The sticky bar covers the top of the viewport; the reader's view starts below it. */
  #topBarHeight(): number {
    return this.querySelector('.app-bar')?.getBoundingClientRect().height ?? 0;
  }

  protected override render(): TemplateResult {
    const pinnedFor = this.#pinnedForReader();
    return html`${renderTopBar(
        html`<a class="app-bar__link" href="/">All artifacts</a
          >${pinnedFor === undefined ? html`<la-status-pill .state=${this.connection}></la-status-pill>` : nothing}`,
      )}
      <article class="la-artifact live" aria-busy=${this.ready || pinnedFor !== undefined ? 'false' : 'true'}>
        ${pinnedFor !== undefined
          ? this.#renderPinned(pinnedFor)
          : html`${this.problem ? this.#renderProblem(this.problem) : nothing}
            ${this.ready ? this.#renderArtifact() : this.problem ? nothing : this.#renderLoading()}`}
      </article>`;
  }

  /** The pinned version when the owner shows readers a version and this user may only read. */
  #pinnedForReader(): number | undefined {
    const access = this.access;
    if (access.phase !== 'loaded' || access.value.permissions.readLive) return undefined;
    return access.value.summary.pinnedVersion ?? undefined;
  }

  #renderPinned(version: number): TemplateResult {
    const { summary } = (this.access as { phase: 'loaded'; value: ArtifactAccessInfo }).value;
    return html`<div class="notice notice--quiet" data-testid="pinned-for-reader">
      <p class="notice__title">${summary.title || 'This artifact'}</p>
      <p>
        ${summary.ownerName || 'The owner'} shares version ${version} of this page with readers; the live document is
        still being worked on.
      </p>
      <p class="notice__actions">
        <a class="button" href=${versionPath(this.artifactId, version)} data-testid="open-pinned-version">Read version ${version}</a>
        <a class="button button--quiet" href="/">All artifacts</a>
      </p>
    </div>`;
  }

  #renderArtifact(): TemplateResult {
    const access = this.access.phase === 'loaded' ? this.access.value : undefined;
    return html`<la-version-toolbar
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
    const unreachable = this.connection === 'offline';
    return html`<div class="loading" role="status">
      <span class="spinner" aria-hidden="true"></span>
      <p>${unreachable ? 'Cannot reach the server. Still trying…' : 'Loading the live document…'}</p>
    </div>`;
  }

  #renderProblem(problem: SessionProblem): TemplateResult {
    const title =
      problem.kind === 'denied'
        ? 'This artifact does not exist, or you do not have access to it.'
        : 'The server ended the live connection.';
    const detail = this.ready
      ? 'What you see below may be out of date.'
      : problem.kind === 'denied'
        ? 'Check the link, or ask the owner to share it with you.'
        : 'Reload the page to reconnect.';
    return html`<div class="notice notice--error" role="alert" data-testid="live-problem">
      <p class="notice__title">${title}</p>
      <p>${detail}</p>
      ${problem.reason ? html`<p class="notice__detail">Server said: ${problem.reason}</p>` : nothing}
      <p class="notice__actions">
        <button type="button" class="button" @click=${() => location.reload()}>Reload</button>
        <a class="button button--quiet" href="/">All artifacts</a>
      </p>
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
