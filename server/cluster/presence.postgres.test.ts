import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '#policies';
import { startRedis } from '../../e2e/support/redis.ts';
import { freshDatabase, type FreshDatabase } from '../../e2e/support/postgres.ts';
import { api, connectViewer, eventually, startTestServer, tokensNamePeople } from '../test-server.ts';

/*
 * Presence across instances: awareness travels through the Hocuspocus Redis extension, so a
 * viewer on one instance sees who is on the other, as the server there stamped them (identity
 * from the token, the idle flag and nothing else), and sees them leave.
 */

const person = (userId: string, name: string): Principal => ({ userId, name, orgId: 'acme', roles: ['artifact-author'], groups: [] });
const PEOPLE = { alice: person('alice', 'Alice'), bob: person('bob', 'Bob') };

let redis: Awaited<ReturnType<typeof startRedis>>;
const cleanups: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await redis?.stop();
});

describe('presence across instances', () => {
  it('relays stamped presence and idle through Redis, and its end when the socket closes', async () => {
    const database: FreshDatabase = await freshDatabase();
    cleanups.push(() => database.drop());
    const [a, b] = await Promise.all(
      ['p0', 'p1'].map((instanceId) =>
        startTestServer(
          { DATABASE_URL: database.url, REDIS_URL: redis.url, INSTANCE_ID: instanceId, RETENTION_SWEEP_INTERVAL_MS: '0' },
          { authenticator: tokensNamePeople(PEOPLE) },
        ),
      ),
    );
    if (!a || !b) throw new Error('two instances expected');
    cleanups.push(() => a.dispose(), () => b.dispose());
    const { id } = (await api<{ id: string }>(a.url, 'POST', '/api/artifacts', { title: 'presence' }, 'alice')).body;
    await api(a.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' }, 'alice');

    const alice = connectViewer(a.url, id, 'alice');
    const bob = connectViewer(b.url, id, 'bob');
    cleanups.push(() => alice.close());
    await Promise.all([alice.synced, bob.synced]);
    bob.provider.setAwarenessField('name', 'Alice'); // dropped by bob's instance
    bob.provider.setAwarenessField('idle', true);
    await eventually(() => expect(alice.provider.awareness?.getStates().get(bob.doc.clientID)).toEqual({ user: { id: 'bob', name: 'Bob' }, idle: true }), 15_000);

    bob.close();
    await eventually(() => expect(alice.provider.awareness?.getStates().has(bob.doc.clientID)).toBe(false), 15_000);
  });
});
