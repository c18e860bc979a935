import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '#policies';
import { frame, MESSAGE, RawSocket, SYNC, wholeDocumentRequest } from '../../e2e/support/wire.ts';
import { api, eventually, startTestServer, tokensNamePeople } from '../test-server.ts';

/*
 * What an authenticated socket may make the server hold: the send buffer of a socket that does
 * not read, the documents it opens, and how often it asks for a whole one. Tokens name people:
 * alice owns the artifacts, bob (same org) may only read them.
 */
type TestServer = Awaited<ReturnType<typeof startTestServer>>;
const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'Alice', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'Bob', orgId: 'acme', roles: ['artifact-author'], groups: [] },
};

async function sharedArtifact(server: TestServer, title: string, textChars = 0): Promise<string> {
  const { id } = (await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title }, 'alice')).body;
  await api(server.url, 'PUT', `/api/artifacts/${id}/sharing`, { visibility: 'org' }, 'alice');
  for (let i = 0; textChars > 0; i++, textChars -= 1_000_000) {
    const text = 'x'.repeat(Math.min(textChars, 1_000_000));
    expect((await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'section.upsert', section: { id: `s${i}`, type: 'markdown', text } }] }, 'alice')).status).toBe(200);
  }
  return id;
}

describe('send buffer', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A small buffer and no sync-request cap: only backpressure can stop this viewer.
    server = await startTestServer({ SOCKET_SEND_BUFFER_MAX_BYTES: String(1024 * 1024), SYNC_REQUESTS_PER_MINUTE: '100000' }, { authenticator: tokensNamePeople(people) });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('closes a viewer that stops reading while it asks for the whole document again and again', async () => {
    const id = await sharedArtifact(server, 'big', 2_000_000);
    const viewer = await RawSocket.open(server.url);
    expect((await viewer.authenticate(id, 'bob')).authenticated).toBe(true);
    const documentBytes = await viewer.sync(id);
    expect(documentBytes).toBeGreaterThan(2_000_000);

    viewer.pause();
    const REQUESTS = 100; // 200 MB of answers, unbounded
    for (let i = 0; i < REQUESTS; i++) viewer.send(wholeDocumentRequest(id));
    // Long enough for the server to answer them all, or to give up on the socket (plus its grace).
    await new Promise((r) => setTimeout(r, 3_000));
    viewer.resume();
    const closed = await viewer.closedWithin(10_000);
    expect(closed, 'the server kept queueing for a viewer that does not read').toBeDefined();
    // The close frame sat behind the unread backlog, so the client may only see the drop.
    expect([4413, 1006]).toContain(closed?.code);
    expect(server.collab.limits.refusals.get('slow_consumer')).toBe(1);
    // What reached the client is what the kernel and the 1 MiB buffer held, not 100 copies.
    expect(viewer.bytesReceived).toBeLessThan(20 * documentBytes);
  });

  it('lets a large document load onto an empty buffer', async () => {
    const id = await sharedArtifact(server, 'larger than the buffer', 3_000_000);
    const viewer = await RawSocket.open(server.url);
    expect((await viewer.authenticate(id, 'bob')).authenticated).toBe(true);
    expect(await viewer.sync(id)).toBeGreaterThan(3_000_000);
    expect(viewer.closedWith).toBeUndefined();
    viewer.close();
  });
});

describe('documents and sync requests per socket', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_DOCUMENTS_PER_SOCKET: '2', SYNC_REQUESTS_PER_MINUTE: '5' }, { authenticator: tokensNamePeople(people) });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('refuses a document past MAX_DOCUMENTS_PER_SOCKET on one socket, and takes it once another closes', async () => {
    const ids = [await sharedArtifact(server, 'one'), await sharedArtifact(server, 'two'), await sharedArtifact(server, 'three')];
    const socket = await RawSocket.open(server.url);
    expect((await socket.authenticate(ids[0]!, 'bob')).authenticated).toBe(true);
    expect((await socket.authenticate(ids[1]!, 'bob')).authenticated).toBe(true);
    expect(await socket.authenticate(ids[2]!, 'bob')).toMatchObject({ authenticated: false, reason: 'too_many_documents' });
    // The socket itself stays: its open documents keep working.
    await socket.sync(ids[0]!);
    expect(socket.closedWith).toBeUndefined();
    // The provider closes one of them (Hocuspocus' CLOSE message): now the third may open.
    socket.send(frame(ids[0]!, (e) => encoding.writeVarUint(e, MESSAGE.close)));
    await eventually(async () => expect((await socket.authenticate(ids[2]!, 'bob')).authenticated).toBe(true));
    socket.close();
  });

  it('closes a socket with 4429 too_many_sync_requests once it asks for the whole document too often', async () => {
    const id = await sharedArtifact(server, 'asked often');
    const calm = await RawSocket.open(server.url);
    const greedy = await RawSocket.open(server.url);
    for (const socket of [calm, greedy]) expect((await socket.authenticate(id, 'bob')).authenticated).toBe(true);
    // Five requests (the bucket) pass, on each socket...
    for (let i = 0; i < 5; i++) {
      await calm.sync(id);
      await greedy.sync(id);
    }
    // ...and the next ones close only the socket that made them.
    for (let i = 0; i < 5; i++) greedy.send(wholeDocumentRequest(id));
    expect(await greedy.closedWithin(5_000)).toEqual({ code: 4429, reason: 'too_many_sync_requests' });
    expect(calm.closedWith).toBeUndefined();
    // The refused request held nothing back: a server change still goes through to the calm one.
    const updatesBefore = calm.received.filter((m) => m.syncType === SYNC.update).length;
    const edit = await api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: [{ op: 'meta.set', title: 'still live' }] }, 'alice');
    expect(edit.status).toBe(200);
    await eventually(() => expect(calm.received.filter((m) => m.syncType === SYNC.update).length).toBeGreaterThan(updatesBefore));
    calm.close();
  });
});
