import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authFrame, RawSocket, syncFrame, UpgradeRefused, wholeDocumentRequest } from '../../e2e/support/wire.ts';
import { developmentAuthenticator, type Authenticator } from '../auth/index.ts';
import { unauthorized } from '../errors.ts';
import { api, connectViewer, eventually, startTestServer } from '../test-server.ts';

/*
 * What a client may hold of the socket layer before it has proven anything: sockets per address
 * and in all (refused at the upgrade), the time to authenticate, and the bytes it may send
 * before it does. Raw sockets, so the test decides every byte.
 */
type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** A full GC, so a memory reading is what is held, not garbage waiting (no --expose-gc needed). */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const memoryMB = () => {
  collectGarbage();
  const { rss, arrayBuffers } = process.memoryUsage();
  return { rss: rss / 1e6, arrayBuffers: arrayBuffers / 1e6 };
};

const refusedUpgrade = async (baseUrl: string, localAddress?: string): Promise<UpgradeRefused> => {
  const outcome = await RawSocket.open(baseUrl, localAddress ? { localAddress } : {}).then(
    (socket) => {
      socket.close();
      return new Error('the upgrade was accepted');
    },
    (error: unknown) => error,
  );
  if (!(outcome instanceof UpgradeRefused)) throw outcome;
  return outcome;
};

/** Any token is the local author; `slow…` tokens take 2 s to check, `…-refused` ones are refused. */
const slowOnRequest: Authenticator = {
  async authenticate(token) {
    if (token?.startsWith('slow')) await new Promise((r) => setTimeout(r, 2_000));
    if (token?.endsWith('-refused')) throw unauthorized();
    return developmentAuthenticator().authenticate(token);
  },
};

describe('tight limits', () => {
  let server: TestServer;
  let id: string;
  const open: RawSocket[] = [];
  const connect = async (localAddress?: string) => {
    const socket = await RawSocket.open(server.url, localAddress ? { localAddress } : {});
    open.push(socket);
    return socket;
  };

  beforeAll(async () => {
    server = await startTestServer({ MAX_SOCKETS_PER_ADDRESS: '3', MAX_SOCKETS: '5', AUTH_TIMEOUT_MS: '1000', PREAUTH_MAX_BYTES: '16384' }, { authenticator: slowOnRequest });
    ({ id } = (await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'limits' })).body);
  });
  afterEach(async () => {
    for (const socket of open.splice(0)) socket.close();
    await eventually(() => expect(server.collab.limits.open().total).toBe(0));
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('answers the upgrade 429 past the per-address cap and 503 past the total, and frees slots on close', async () => {
    const first = await connect();
    for (const socket of [first, await connect(), await connect()]) expect((await socket.authenticate(id, 'test')).authenticated).toBe(true);
    const perAddress = await refusedUpgrade(server.url);
    expect({ status: perAddress.status, reason: perAddress.reason }).toEqual({ status: 429, reason: 'too_many_connections' });

    // Other addresses still get in, up to the total.
    await connect('127.0.0.2');
    await connect('127.0.0.2');
    const total = await refusedUpgrade(server.url, '127.0.0.3');
    expect({ status: total.status, reason: total.reason }).toEqual({ status: 503, reason: 'too_many_connections' });
    expect(server.collab.limits.refusals.get('too_many_connections')).toBe(2);

    first.close();
    await eventually(() => expect(server.collab.limits.open().total).toBe(4));
    await connect();
  });

  it('closes a socket that does not authenticate in time with 4408 auth_timeout', async () => {
    const silent = await connect();
    const refused = await connect();
    // Refused documents do not count: the socket is still unauthenticated.
    expect((await refused.authenticate('no-such-artifact', 'test')).authenticated).toBe(false);
    const openedAt = performance.now();
    // The deadline is AUTH_TIMEOUT_MS (1 s), not Hocuspocus' 60–120 s.
    expect(await silent.closedWithin(4_000)).toEqual({ code: 4408, reason: 'auth_timeout' });
    expect(await refused.closedWithin(1_000)).toEqual({ code: 4408, reason: 'auth_timeout' });
    expect(performance.now() - openedAt).toBeLessThan(4_000);
  });

  it('waits past the deadline for an answer the server is slow to give, and closes once it is a refusal', async () => {
    const accepted = await connect();
    const refused = await connect();
    accepted.send(authFrame(id, 'slow'));
    refused.send(authFrame(id, 'slow-refused'));
    // Checking takes 2 s, the deadline is 1 s: the client did its part in time.
    expect(await refused.closedWithin(4_000)).toEqual({ code: 4408, reason: 'auth_timeout' });
    expect(refused.received.find((m) => m.type === 2)).toMatchObject({ authenticated: false });
    expect(accepted.received.find((m) => m.type === 2)).toMatchObject({ authenticated: true });
    expect(accepted.closedWith).toBeUndefined();
  });

  it('keeps an authenticated socket past the deadline', async () => {
    const socket = await connect();
    expect((await socket.authenticate(id, 'test')).authenticated).toBe(true);
    await socket.sync(id);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(socket.closedWith).toBeUndefined();
  });

  it('closes a socket with 4413 too_much_data once it sends more than PREAUTH_MAX_BYTES before authenticating', async () => {
    const chatty = await connect();
    const kilobyte = new Uint8Array(1_024);
    for (let i = 0; i < 64; i++) chatty.send(syncFrame(id, 2, kilobyte));
    expect(await chatty.closedWithin(5_000)).toEqual({ code: 4413, reason: 'too_much_data' });

    // One frame is enough: an auth message with a megabyte of "token" is never read whole.
    const oneFrame = await connect();
    oneFrame.send(authFrame(id, 'x'.repeat(1_000_000)));
    expect(await oneFrame.closedWithin(5_000)).toEqual({ code: 4413, reason: 'too_much_data' });
    expect(server.collab.limits.refusals.get('too_much_data')).toBe(2);
  });

  it('lets a real page through: one socket, token renewals, presence', async () => {
    const refusalsBefore = server.collab.limits.refusals.toJSON();
    let tokens = 0;
    const viewer = connectViewer(server.url, id, () => (tokens++, 'test'));
    try {
      await viewer.synced;
      let closed = false;
      viewer.provider.on('close', () => (closed = true));
      viewer.provider.setAwarenessField('cursor', { anchor: 1 });
      for (let i = 0; i < 3; i++) await viewer.provider.sendToken();
      await new Promise((r) => setTimeout(r, 2_000));
      expect(closed).toBe(false);
      expect(tokens).toBe(4);
      expect(server.collab.limits.refusals.toJSON()).toEqual(refusalsBefore);
    } finally {
      viewer.close();
    }
  });
});

describe('default limits', () => {
  let server: TestServer;
  let id: string;
  beforeAll(async () => {
    server = await startTestServer();
    ({ id } = (await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'defaults' })).body);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('keeps memory bounded when many sockets each try to send megabytes before authenticating', async () => {
    const SOCKETS = 100;
    const BYTES_EACH = 4_500_000; // under Hocuspocus' own 5 MiB queue bound, which would hold it all
    const chunk = syncFrame(id, 2, new Uint8Array(64 * 1024));
    const sockets = await Promise.all(Array.from({ length: SOCKETS }, () => RawSocket.open(server.url)));
    const before = memoryMB();
    // Sent with backpressure on this side, so what piles up is the server's, not the test's.
    await Promise.all(
      sockets.map(async (socket) => {
        for (let sent = 0; sent < BYTES_EACH && !socket.closedWith; ) {
          if (socket.ws.bufferedAmount > 256 * 1024) {
            await new Promise((r) => setTimeout(r, 5));
            continue;
          }
          socket.send(chunk);
          sent += chunk.length;
        }
      }),
    );
    const after = memoryMB();
    // Unbounded, the server would hold ~450 MB here (in Buffers); bounded, a few dozen KB per
    // socket. RSS alone can hide that growth: the allocator reuses what this process freed
    // earlier (PGlite's start-up), so the Buffers are measured too.
    expect(after.rss - before.rss).toBeLessThan(150);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(50);
    await eventually(() => expect(sockets.filter((s) => s.closedWith).length).toBe(SOCKETS));
    expect(server.collab.limits.refusals.get('too_much_data')).toBe(SOCKETS);
  });

  it('admits 1,000 viewers from one address (the benchmark harness) without refusing any', async () => {
    const VIEWERS = 1_000;
    const refusalsBefore = server.collab.limits.refusals.toJSON();
    const viewers: RawSocket[] = [];
    for (let i = 0; i < VIEWERS; i += 100) {
      const batch = await Promise.all(Array.from({ length: 100 }, () => RawSocket.open(server.url)));
      for (const socket of batch) {
        socket.send(authFrame(id, 'test'));
        socket.send(wholeDocumentRequest(id));
      }
      viewers.push(...batch);
    }
    await eventually(() => expect(viewers.filter((v) => v.received.some((m) => m.syncType === 1)).length).toBe(VIEWERS), 30_000);
    expect(viewers.filter((v) => v.closedWith)).toEqual([]);
    expect(server.collab.limits.refusals.toJSON()).toEqual(refusalsBefore);
    for (const viewer of viewers) viewer.close();
  }, 60_000);
});
