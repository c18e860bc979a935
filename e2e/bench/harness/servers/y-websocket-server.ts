import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import { announce, applySeed, portFromEnv } from './seed.ts';

/** The reference Yjs server (@y/websocket-server), in memory; the path names the document. */
setPersistence({
  provider: null,
  // Called synchronously when a document is created, before the first sync step is answered.
  bindState: (name: string, doc: Parameters<typeof applySeed>[0]) => applySeed(doc, name),
  writeState: async () => {},
});

const server = createServer();
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
wss.on('connection', (ws, request) => setupWSConnection(ws, request));

server.listen(portFromEnv(), '127.0.0.1', () => announce((server.address() as AddressInfo).port));
process.once('SIGTERM', () => process.exit(0));
