import { html, LitElement, type PropertyValues } from 'lit';
import type { PillState } from './live-problem.ts';

const LABELS: Record<PillState, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  offline: 'offline',
  unavailable: 'unavailable',
  'no-access': 'no access',
  'feature-off': 'turned off',
  pinned: 'pinned',
  'signed-out': 'session ended',
};

const HINTS: Record<PillState, string> = {
  connecting: 'Connecting to the live document',
  live: 'Connected: changes appear as they happen',
  reconnecting: 'Connection lost: trying to reconnect',
  offline: 'Offline: what you see may be out of date',
  unavailable: 'The server cannot serve the live document right now: trying again',
  'no-access': 'You do not have access to this live document',
  'feature-off': 'Live Artifacts is turned off for your organization',
  pinned: 'Readers see a published version, not the live document',
  'signed-out': 'Your session ended: sign in again to see the live document',
};

/**
 * The page's state as a coloured pill: green only when live, red only when the network is gone
 * (`offline`); a refusal that is no network problem is grey, a server that cannot serve for now
 * amber. `data-state` mirrors the state for styling and for end-to-end tests
 * (`data-testid="connection-status"`).
 */
export class StatusPill extends LitElement {
  static override properties = {
    state: {},
  };

  declare state: PillState;

  constructor() {
    super();
    this.state = 'connecting';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.dataset['testid'] = 'connection-status';
    this.setAttribute('role', 'status');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('state')) {
      this.dataset['state'] = this.state;
      this.title = HINTS[this.state];
    }
  }

  protected override render(): unknown {
    return html`<span class="status-pill__dot" aria-hidden="true"></span>${LABELS[this.state]}`;
  }
}

customElements.define('la-status-pill', StatusPill);

declare global {
  interface HTMLElementTagNameMap {
    'la-status-pill': StatusPill;
  }
}
