import { html, LitElement, type PropertyValues } from 'lit';
import type { ConnectionState } from './connection-state.ts';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  offline: 'offline',
};

const HINTS: Record<ConnectionState, string> = {
  connecting: 'Connecting to the live document',
  live: 'Connected: changes appear as they happen',
  reconnecting: 'Connection lost: trying to reconnect',
  offline: 'Offline: what you see may be out of date',
};

/**
 * The connection state as a coloured pill. `data-state` mirrors the state for styling and for
 * end-to-end tests (`data-testid="connection-status"`).
 */
export class StatusPill extends LitElement {
  static override properties = {
    state: {},
  };

  declare state: ConnectionState;

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
