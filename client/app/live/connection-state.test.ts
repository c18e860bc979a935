import { describe, expect, it } from 'vitest';
import { ConnectionTracker, OFFLINE_AFTER_FAILURES } from './connection-state.ts';

describe('ConnectionTracker', () => {
  it('is connecting until the first sync, then live', () => {
    const t = new ConnectionTracker();
    expect(t.state).toBe('connecting');
    t.socket('connected');
    expect(t.state).toBe('connecting');
    t.synced();
    expect(t.state).toBe('live');
    expect(t.everSynced).toBe(true);
  });

  it('reconnects after a drop and is live again once re-synced', () => {
    const t = new ConnectionTracker();
    t.socket('connected');
    t.synced();
    t.socket('disconnected');
    expect(t.state).toBe('reconnecting');
    t.socket('connecting');
    t.socket('connected');
    expect(t.state).toBe('reconnecting'); // socket open but the document is not synced yet
    t.synced();
    expect(t.state).toBe('live');
  });

  it('goes offline after repeated failures and recovers', () => {
    const t = new ConnectionTracker();
    t.socket('connected');
    t.synced();
    for (let i = 0; i < OFFLINE_AFTER_FAILURES; i++) {
      expect(t.state).not.toBe('offline');
      t.socket('connecting');
      t.socket('disconnected');
    }
    expect(t.state).toBe('offline');
    t.socket('connecting');
    t.socket('connected');
    t.synced();
    expect(t.state).toBe('live');
  });

  it('counts failures before the first sync too', () => {
    const t = new ConnectionTracker();
    t.socket('disconnected');
    expect(t.state).toBe('reconnecting');
    for (let i = 1; i < OFFLINE_AFTER_FAILURES; i++) {
      t.socket('connecting');
      t.socket('disconnected');
    }
    expect(t.state).toBe('offline');
  });

  it('is offline while the browser has no network', () => {
    const t = new ConnectionTracker();
    t.socket('connected');
    t.synced();
    t.network(false);
    expect(t.state).toBe('offline');
    t.network(true);
    expect(t.state).toBe('live');
  });

  it('does not count a socket the page dropped on purpose as a failure', () => {
    const t = new ConnectionTracker();
    t.socket('connected');
    t.synced();
    for (let i = 0; i < OFFLINE_AFTER_FAILURES + 2; i++) {
      t.suspended();
      t.socket('connecting');
      t.socket('connected');
    }
    expect(t.state).toBe('reconnecting');
    t.synced();
    expect(t.state).toBe('live');
  });

  it('is reconnecting once the server ends the document session, though the socket is up', () => {
    const t = new ConnectionTracker();
    t.socket('connected');
    t.synced();
    t.unsynced();
    expect(t.state).toBe('reconnecting');
  });

  it('stays live through a quiet reopen, until it fails', () => {
    const t = new ConnectionTracker();
    t.socket('connected');
    t.synced();
    t.suspended();
    t.quiet(true);
    t.socket('connecting');
    expect(t.state).toBe('live');
    t.socket('connected');
    t.synced();
    expect(t.state).toBe('live');
    // The quiet period ended with the sync: a later drop shows.
    t.socket('disconnected');
    expect(t.state).toBe('reconnecting');

    t.socket('connected');
    t.synced();
    t.suspended();
    t.quiet(true);
    t.socket('connecting');
    t.socket('disconnected');
    expect(t.state).toBe('reconnecting');
  });

  it('is not quietly live before anything was shown', () => {
    const t = new ConnectionTracker();
    t.quiet(true);
    t.socket('connecting');
    expect(t.state).toBe('connecting');
  });
});
