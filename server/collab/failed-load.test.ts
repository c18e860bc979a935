import { afterEach, describe, expect, it } from 'vitest';
import { authFrame, RawSocket } from '../../e2e/support/wire.ts';
import { api, eventually, startTestServer } from '../test-server.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Interval and timeout timers alive in this process (an Awareness holds one per document). */
const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

/** Authenticates on `documentName` and waits for the server's refusal (a denial or a CLOSE); its reason. */
async function refusalOf(socket: RawSocket, documentName: string): Promise<string> {
  socket.send(authFrame(documentName, 'test'));
  let reason: string | undefined;
  await eventually(() => {
    reason = socket.received.find((m) => m.document === documentName && m.reason !== undefined)?.reason;
    expect(reason, 'no refusal').toBeDefined();
  });
  return reason!;
}

describe('refused loads', () => {
  // hocuspocus#1156: a document whose onLoadDocument throws was never destroyed, and its
  // Awareness timer kept it alive. See destroyFailedLoad in internals.ts.
  it('leave no document and no timer behind, after 1,000 refused connections', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.dispose());
    const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'Refused' });
    const { hocuspocus } = server.collab;
    await eventually(() => expect(hocuspocus.documents.size).toBe(0), 10_000);
    const before = timers();

    // Fault injection: storage cannot read the document, so every load is refused.
    server.store.loadDocument = async () => {
      throw new Error('disk on fire');
    };
    const reasons = new Map<string, number>();
    for (let wave = 0; wave < 10; wave++) {
      const sockets = await Promise.all(Array.from({ length: 100 }, () => RawSocket.open(server.url)));
      const refusals = await Promise.all(sockets.map((socket) => refusalOf(socket, body.id)));
      for (const reason of refusals) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      for (const socket of sockets) socket.close();
      await Promise.all(sockets.map((socket) => socket.closed));
    }
    expect(Object.fromEntries(reasons)).toEqual({ unavailable: 1_000 });

    await eventually(() => {
      expect(hocuspocus.documents.size).toBe(0);
      expect(hocuspocus.loadingDocuments.size).toBe(0);
      expect(hocuspocus.getConnectionsCount()).toBe(0);
      expect(timers()).toBeLessThanOrEqual(before);
    }, 10_000);
  }, 60_000);
});
