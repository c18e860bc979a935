import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { canAudit, canManagePolicy } from '#policies';
import { currentUser, initials, orgName, principalOf } from '../access/index.ts';
import { ADMIN_PATH, AUDIT_PATH } from '../router/index.ts';
import type { Me } from '../api/index.ts';
import { signOut } from '../auth/index.ts';

/**
 * The signed-in user in the top bar: name, org and "Sign out". Every page shows it; the user is
 * fetched once for all of them (see currentUser). Until it is known, nothing is shown, and if
 * it cannot be fetched, only "Sign out" is (the page itself reports what failed).
 */
export class UserMenu extends LitElement {
  static override properties = {
    me: { state: true },
    signingOut: { state: true },
  };

  protected declare me: Me | undefined | 'unknown';
  protected declare signingOut: boolean;

  constructor() {
    super();
    this.me = undefined;
    this.signingOut = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    currentUser().then(
      (me) => (this.me = me),
      () => (this.me = 'unknown'),
    );
  }

  #signOut(): void {
    this.signingOut = true;
    void signOut();
  }

  protected override render(): TemplateResult | typeof nothing {
    const me = this.me;
    if (me === undefined) return nothing;
    const who =
      me === 'unknown'
        ? nothing
        : html`<span class="user-menu__who" title=${`Signed in as ${me.name || me.userId} (${orgName(me.orgId)})`}>
            <span class="user-menu__avatar" aria-hidden="true">${initials(me.name || me.userId)}</span>
            <span class="user-menu__text">
              <span class="user-menu__name" data-testid="user-name">${me.name || me.userId}</span>
              <span class="user-menu__org" data-testid="user-org">${orgName(me.orgId)}</span>
            </span>
          </span>`;
    const admin =
      me !== 'unknown' && canManagePolicy(principalOf(me))
        ? html`<a class="button button--quiet button--small user-menu__admin" href=${ADMIN_PATH} data-testid="admin-link">Admin</a>`
        : nothing;
    const audit =
      me !== 'unknown' && canAudit(principalOf(me))
        ? html`<a class="button button--quiet button--small user-menu__audit" href=${AUDIT_PATH} data-testid="audit-link">Audit</a>`
        : nothing;
    return html`${who}${admin}${audit}<button
        type="button"
        class="button button--quiet button--small user-menu__sign-out"
        data-testid="sign-out"
        ?disabled=${this.signingOut}
        @click=${() => this.#signOut()}
      >
        ${this.signingOut ? 'Signing out…' : 'Sign out'}
      </button>`;
  }
}

customElements.define('la-user-menu', UserMenu);

declare global {
  interface HTMLElementTagNameMap {
    'la-user-menu': UserMenu;
  }
}
