import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { PresenceList, PresentPerson } from './presence-list.ts';
import './presence.css';

const label = (p: PresentPerson) => (p.idle ? `${p.name} (idle)` : p.name);

/**
 * Who else has the page open: initials on a colour of their user id, the name on hover and
 * on keyboard focus, idle people dimmed, and "+N" for the rest (its label names them). Draws
 * nothing while nobody else is here, so a reader alone sees no empty frame.
 */
export class PresenceAvatars extends LitElement {
  static override properties = { list: { attribute: false } };

  declare list: PresenceList | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render(): TemplateResult | typeof nothing {
    const list = this.list;
    if (!list || list.all.length === 0) return nothing;
    const rest = list.all.slice(list.shown.length);
    const summary = `${list.all.length} ${list.all.length === 1 ? 'other person' : 'other people'} here`;
    return html`<ul class="presence" aria-label=${summary} data-testid="presence">
      ${list.shown.map(
        (p) => html`<li class="presence__item">
          <span
            class="avatar ${p.idle ? 'avatar--idle' : ''}"
            style=${`--avatar-hue:${p.hue}`}
            tabindex="0"
            role="img"
            aria-label=${label(p)}
            data-user-id=${p.userId}
            data-name=${label(p)}
            >${p.initials}</span
          >
        </li>`,
      )}
      ${list.more > 0
        ? html`<li class="presence__item">
            <span class="avatar avatar--more" tabindex="0" role="img" aria-label=${`${list.more} more: ${rest.map(label).join(', ')}`} data-name=${rest.map(label).join(', ')} data-testid="presence-more"
              >+${list.more}</span
            >
          </li>`
        : nothing}
    </ul>`;
  }
}

customElements.define('la-presence', PresenceAvatars);

declare global {
  interface HTMLElementTagNameMap {
    'la-presence': PresenceAvatars;
  }
}
