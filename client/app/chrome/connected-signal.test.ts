import type { ReactiveControllerHost } from 'lit';
import { describe, expect, it } from 'vitest';
import { ConnectedSignal } from './connected-signal.ts';

const host = (): ReactiveControllerHost => ({ addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) });

describe('ConnectedSignal', () => {
  it('aborts when the host leaves and is fresh once it is back', () => {
    const c = new ConnectedSignal(host());
    c.hostConnected();
    const first = c.signal;
    c.hostDisconnected();
    expect(first.aborted).toBe(true);
    c.hostConnected();
    expect(c.signal.aborted).toBe(false);
    expect(c.signal).not.toBe(first);
  });
});
