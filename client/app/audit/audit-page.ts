import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { canAudit } from '#policies';
import { currentUser, orgName, principalOf } from '../access/index.ts';
import { renderLoading, renderTopBar } from '../chrome/index.ts';
import { AuditArtifacts } from './audit-artifacts.ts';
import { AuditEvents } from './audit-events.ts';
import { ChainVerify } from './audit-verify.ts';

/**
 * `/audit`, for auditors: the org's audit trail with filters and "Load more" (audit-events.ts),
 * a check of the whole hash chain (audit-verify.ts), and each artifact's export
 * (audit-artifacts.ts). Everything comes from the compliance API, which enforces the role; the
 * page only decides what to offer, and asks for nothing until it knows.
 */
export class AuditPage extends LitElement {
  static override properties = {
    allowed: { state: true },
    orgId: { state: true },
  };

  /** undefined until the user is known. */
  protected declare allowed: boolean | undefined;
  protected declare orgId: string;

  readonly #verify = new ChainVerify(this);
  readonly #events = new AuditEvents(this, () => this.allowed === true);
  // The export is itself an event: show it.
  readonly #artifacts = new AuditArtifacts(this, () => this.allowed === true, () => this.#events.reload());

  constructor() {
    super();
    this.allowed = undefined;
    this.orgId = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.title = 'Audit · Live Artifacts';
    currentUser().then(
      (me) => {
        this.orgId = me.orgId;
        this.allowed = canAudit(principalOf(me));
      },
      // The API answers for itself: try, and show what it says.
      () => (this.allowed = true),
    );
  }

  protected override render(): TemplateResult {
    return html`${renderTopBar(html`<a class="app-bar__link" href="/">All artifacts</a>`)}
      <main class="page page--wide" data-testid="audit-page">
        <header class="page__header">
          <h1 class="page__title">Audit trail</h1>
          <p class="page__lede">
            Every change, view, export and refused sign-in${this.orgId ? html` in <strong>${orgName(this.orgId)}</strong>` : nothing}, in a hash chain
            that shows any alteration. Metadata only: no document content is recorded.
          </p>
        </header>
        ${this.#renderBody()}
      </main>`;
  }

  #renderBody(): TemplateResult {
    if (this.allowed === undefined) return renderLoading('Loading…');
    if (!this.allowed) {
      return html`<div class="notice notice--quiet" data-testid="audit-forbidden">
        <p class="notice__title">The audit trail is for auditors.</p>
        <p>Ask your organization's admin for the auditor role if you need it.</p>
        <p class="notice__actions"><a class="button" href="/">All artifacts</a></p>
      </div>`;
    }
    return html`${this.#verify.render()}
      <section class="audit-section" aria-labelledby="audit-events-title">
        <h2 class="audit-section__title" id="audit-events-title">Events</h2>
        ${this.#events.render()}
      </section>
      <section class="audit-section" aria-labelledby="audit-artifacts-title">
        <h2 class="audit-section__title" id="audit-artifacts-title">Artifacts and exports</h2>
        ${this.#artifacts.render()}
      </section>`;
  }
}

customElements.define('la-audit-page', AuditPage);

declare global {
  interface HTMLElementTagNameMap {
    'la-audit-page': AuditPage;
  }
}
