import { Hocuspocus, type Connection, type Document, type WebSocketLike } from '@hocuspocus/server';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { authFrame } from '../../e2e/support/wire.ts';
import { eventually } from '../test-server.ts';
import { canSetListenersAside, destroyFailedLoad, flushPendingStore, messageQueueOf, routeHocuspocusConsole, socketOf, withUpdateListenersSetAside, type LibraryConsoleSink } from './internals.ts';
import { hocuspocusLimits } from './limits.ts';

/*
 * Canaries for the library internals the server relies on (internals.ts). Each failure names
 * what moved, so an upgrade of lib0 or Hocuspocus says what to look at instead of failing
 * somewhere far away.
 */
const UPGRADE = 'an upgrade of @hocuspocus/server moved it; see server/collab/internals.ts';

/** A bare Hocuspocus (in memory, every token accepted) on a fake socket that records what is sent. */
function bareConnection(options: ConstructorParameters<typeof Hocuspocus>[0] = {}) {
  const hocuspocus = new Hocuspocus({ quiet: true, ...options, extensions: [{ async onAuthenticate() {} }, ...(options.extensions ?? [])] });
  const sent: Uint8Array[] = [];
  const socket: WebSocketLike & { closedWith?: number } = {
    readyState: 1,
    send: (data) => void sent.push(data as Uint8Array),
    close(code) {
      this.closedWith = code;
      this.readyState = 3;
    },
  };
  const client = hocuspocus.handleConnection(socket, new Request('http://localhost/collab'));
  return { hocuspocus, socket, client, sent, close: () => client.handleClose() };
}

describe('lib0', () => {
  it('keeps update listeners in _observers', () => {
    const doc = new Y.Doc();
    expect(canSetListenersAside(doc), 'lib0 no longer keeps listeners in Observable._observers').toBe(true);
    const seen: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => seen.push(update));
    withUpdateListenersSetAside(doc, () => doc.getText('t').insert(0, 'unannounced'));
    expect(seen).toHaveLength(0);
    doc.getText('t').insert(0, '!');
    expect(seen).toHaveLength(1);
  });
});

describe('@hocuspocus/server', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('gives a document connection its socket as webSocket and its pending messages as messageQueue', async () => {
    const bare = bareConnection();
    cleanups.push(bare.close);
    bare.client.handleMessage(authFrame('doc', 'token'));
    let connection: Connection | undefined;
    await eventually(() => {
      connection = bare.hocuspocus.documents.get('doc')?.connections.keys().next().value as Connection | undefined;
      expect(connection, 'no document connection after a successful auth').toBeDefined();
    });
    expect(messageQueueOf(connection), `Connection.messageQueue is gone: ${UPGRADE}`).toEqual([]);
    expect(socketOf(connection), `Connection.webSocket is gone: ${UPGRADE}`).toBe(bare.socket);
  });

  it('keys the debounced store of a document onStoreDocument-<name>', async () => {
    const stored: string[] = [];
    const bare = bareConnection({ debounce: 60_000, maxDebounce: 60_000, extensions: [{ async onStoreDocument({ documentName }: { documentName: string }) { stored.push(documentName); } }] });
    cleanups.push(bare.close);
    bare.client.handleMessage(authFrame('doc', 'token'));
    await eventually(() => expect(bare.hocuspocus.documents.get('doc')?.getConnectionsCount()).toBe(1));
    bare.hocuspocus.documents.get('doc')?.getText('t').insert(0, 'x');
    await flushPendingStore(bare.hocuspocus, 'doc');
    expect(stored, `the debouncer key of onStoreDocument changed: ${UPGRADE} (flushPendingStore)`).toEqual(['doc']);
  });

  it('still leaves the document of a failed onLoadDocument undestroyed (hocuspocus#1156), which destroyFailedLoad mends', async () => {
    const loaded: Document[] = [];
    cleanups.push(routeHocuspocusConsole(() => {}));
    const bare = bareConnection({
      extensions: [
        {
          async onLoadDocument({ document }: { document: Document }) {
            loaded.push(document);
            throw new Error('refused');
          },
        },
      ],
    });
    cleanups.push(bare.close);
    bare.client.handleMessage(authFrame('doc', 'token'));
    await eventually(() => expect(loaded).toHaveLength(1));
    const [document] = loaded as [Document];
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bare.hocuspocus.documents.size).toBe(0);
    expect(document.isDestroyed, 'Hocuspocus now destroys the document of a failed load itself (hocuspocus#1156 released): remove destroyFailedLoad from internals.ts and persistence.ts').toBe(false);
    destroyFailedLoad(document);
    expect(document.isDestroyed).toBe(true);
  });

  it('takes the pre-authentication bounds it is configured with', () => {
    const limits = hocuspocusLimits({ maxSockets: 1, maxSocketsPerAddress: 1, preauthMaxBytes: 12_345, authTimeoutMs: 1_000, sendBufferMaxBytes: 1, maxDocumentsPerSocket: 7, syncRequestsPerMinute: 1 });
    const bare = bareConnection(limits);
    cleanups.push(bare.close);
    const fields = bare.client as unknown as Record<string, unknown>;
    // Options it did not know would be dropped silently; its ClientConnection keeps them as fields.
    expect(
      { maxUnauthenticatedQueueSize: fields.maxUnauthenticatedQueueSize, maxUnauthenticatedQueueMessages: fields.maxUnauthenticatedQueueMessages, maxPendingDocuments: fields.maxPendingDocuments },
      `ClientConnection no longer takes these options: ${UPGRADE} and limits.ts`,
    ).toEqual(limits);
  });

  it('reports a malformed frame with console.error from its own files, which the router sends to the sink', () => {
    const reports: Parameters<LibraryConsoleSink>[] = [];
    const unroute = routeHocuspocusConsole((level, args) => reports.push([level, args]));
    cleanups.push(unroute);
    const bare = bareConnection();
    cleanups.push(bare.close);
    bare.client.handleMessage(new Uint8Array([255, 255, 255]));
    expect(reports.map(([level, args]) => [level, args.some((a) => a instanceof Error)]), `Hocuspocus no longer reports a malformed frame with console.error: ${UPGRADE}`).toEqual([['error', true]]);
    expect(bare.socket.closedWith).toBeDefined();
  });

  it('leaves console calls from anywhere else alone', () => {
    const reports: unknown[] = [];
    const passed: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void passed.push(args);
    try {
      const unroute = routeHocuspocusConsole((_level, args) => reports.push(args));
      console.warn('from the server itself');
      unroute();
    } finally {
      console.warn = original;
    }
    expect(reports).toEqual([]);
    expect(passed).toEqual([['from the server itself']]);
  });
});
