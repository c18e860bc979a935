import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '#policies';
import type { Authenticator, Session } from '../auth/index.ts';
import { unauthorized } from '../errors.ts';
import { api, connectViewer, eventually, startTestServer } from '../test-server.ts';

/*
 * Socket sessions: a socket closes when its token expires unless a fresh token arrives first,
 * and presence carries the identity of the token and nothing else, whatever the client claims. Tokens are
 * "<user>" (no expiry) or "<user>:<ms>" (expires that many ms after it is checked).
 */
const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'Alice', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'Bob', orgId: 'acme', roles: ['artifact-author'], groups: [] },
};
const authenticator: Authenticator = {
  async authenticate(token): Promise<Session> {
    const [user, ttl] = (token ?? '').split(':');
    const principal = user ? people[user] : undefined;
    if (!principal) throw unauthorized();
    return ttl ? { ...principal, expiresAtMs: Date.now() + Number(ttl) } : principal;
  },
};

let server: Awaited<ReturnType<typeof startTestServer>>;
let id: string;
beforeAll(async () => {
  server = await startTestServer({}, { authenticator });
  ({ id } = (await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'sessions' }, 'alice')).body);
  await api(server.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' }, 'alice');
});
afterAll(async () => {
  await server?.dispose();
});

describe('token expiry', () => {
  it('closes a socket when its token expires', async () => {
    const viewer = connectViewer(server.url, id, 'bob:400');
    await viewer.synced;
    const syncedAt = performance.now();
    const closed = new Promise<number>((resolve) => viewer.provider.on('close', () => resolve(performance.now())));
    const closedAt = await closed;
    expect(closedAt - syncedAt).toBeGreaterThan(200);
    expect(closedAt - syncedAt).toBeLessThan(3_000);
    viewer.close();
  });

  it('keeps a socket open when a fresh token arrives before expiry', async () => {
    let calls = 0;
    const viewer = connectViewer(server.url, id, () => (++calls === 1 ? 'bob:600' : 'bob:60000'));
    await viewer.synced;
    let closed = false;
    viewer.provider.on('close', () => (closed = true));
    await viewer.provider.sendToken();
    await new Promise((r) => setTimeout(r, 1_200));
    expect(closed).toBe(false);
    expect(calls).toBe(2);
    viewer.close();
  });

  it('closes the socket when the fresh token names someone else', async () => {
    let calls = 0;
    const viewer = connectViewer(server.url, id, () => (++calls === 1 ? 'bob:60000' : 'alice'));
    await viewer.synced;
    const closed = new Promise<void>((resolve) => viewer.provider.on('close', () => resolve()));
    await viewer.provider.sendToken();
    await closed;
    viewer.close();
  });
});

describe('presence', () => {
  it('stamps presence with the identity of the token, and drops states for other clients', async () => {
    const bob = connectViewer(server.url, id, 'bob');
    const watcher = connectViewer(server.url, id, 'alice');
    await Promise.all([bob.synced, watcher.synced]);
    bob.provider.setAwarenessField('user', { id: 'alice', name: 'Alice (not really)' });
    await eventually(() => {
      const states = [...(watcher.provider.awareness?.getStates().entries() ?? [])].filter(([clientId]) => clientId === bob.doc.clientID);
      expect(states.map(([, s]) => s.user)).toEqual([{ id: 'bob', name: 'Bob' }]);
    });
    bob.close();
    watcher.close();
  });

  it('keeps only the stamped identity of a state: other fields (another name, a user id, a blob) are dropped', async () => {
    const bob = connectViewer(server.url, id, 'bob');
    const watcher = connectViewer(server.url, id, 'alice');
    await Promise.all([bob.synced, watcher.synced]);
    bob.provider.setAwarenessField('name', 'Alice');
    bob.provider.setAwarenessField('userId', 'alice');
    bob.provider.setAwarenessField('blob', 'x'.repeat(100_000));
    // Each change is an awareness update with a higher clock: wait until the watcher has the last.
    const clockOf = (provider: typeof bob.provider) => provider.awareness?.meta.get(bob.doc.clientID)?.clock ?? -1;
    await eventually(() => expect(clockOf(watcher.provider)).toBe(clockOf(bob.provider)));
    expect(watcher.provider.awareness?.getStates().get(bob.doc.clientID)).toEqual({ user: { id: 'bob', name: 'Bob' }, idle: false });
    bob.close();
    watcher.close();
  });

  it('relays a read-only viewer\'s idle flag, and only a literal true counts as idle', async () => {
    const bob = connectViewer(server.url, id, 'bob'); // a viewer: the artifact is shared with the org, read-only
    const watcher = connectViewer(server.url, id, 'alice');
    await Promise.all([bob.synced, watcher.synced]);
    const clockOf = (provider: typeof bob.provider) => provider.awareness?.meta.get(bob.doc.clientID)?.clock ?? -1;
    const seen = () => watcher.provider.awareness?.getStates().get(bob.doc.clientID);
    bob.provider.setAwarenessField('idle', true);
    await eventually(() => expect(seen()).toEqual({ user: { id: 'bob', name: 'Bob' }, idle: true }));
    for (const forged of ['true', 1, { idle: true }, 'x'.repeat(10_000)]) {
      bob.provider.setAwarenessField('idle', forged);
      await eventually(() => expect(clockOf(watcher.provider)).toBe(clockOf(bob.provider)));
      expect(seen()).toEqual({ user: { id: 'bob', name: 'Bob' }, idle: false });
    }
    bob.provider.setAwarenessField('idle', false);
    bob.provider.setAwarenessField('idle', true);
    await eventually(() => expect(seen()?.['idle']).toBe(true));
    bob.close();
    watcher.close();
  });

  it('keeps two tabs of one person as two states of the same user (the page shows one avatar)', async () => {
    const tab1 = connectViewer(server.url, id, 'bob');
    const tab2 = connectViewer(server.url, id, 'bob');
    const watcher = connectViewer(server.url, id, 'alice');
    await Promise.all([tab1.synced, tab2.synced, watcher.synced]);
    tab1.provider.setAwarenessField('idle', false);
    tab2.provider.setAwarenessField('idle', true);
    // Each tab keeps its own state (its own client id), both stamped as Bob.
    await eventually(() => {
      const states = watcher.provider.awareness?.getStates();
      expect(states?.get(tab1.doc.clientID)).toEqual({ user: { id: 'bob', name: 'Bob' }, idle: false });
      expect(states?.get(tab2.doc.clientID)).toEqual({ user: { id: 'bob', name: 'Bob' }, idle: true });
    });
    tab2.close();
    await eventually(() => expect(watcher.provider.awareness?.getStates().has(tab2.doc.clientID)).toBe(false));
    tab1.close();
    watcher.close();
  });
});
