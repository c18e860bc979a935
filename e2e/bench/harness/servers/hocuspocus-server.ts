import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hocuspocus, type onLoadDocumentPayload } from '@hocuspocus/server';
import { WebSocketServer } from 'ws';
import { announce, applySeed, portFromEnv } from './seed.ts';

/**
 * Plain @hocuspocus/server: default configuration, in-memory documents, no auth. It is attached
 * to `ws` exactly as our server attaches it (so the socket layer is the same), on any path.
 */
const hocuspocus = new Hocuspocus({
  quiet: true,
  extensions: [{ extensionName: 'bench-seed', async onLoadDocument({ document, documentName }: onLoadDocumentPayload) { applySeed(document, documentName); } }],
});

const server = createServer();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const connection = hocuspocus.handleConnection(ws, new Request(url));
    ws.on('message', (data: Buffer) => connection.handleMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    ws.on('close', (code, reason) => connection.handleClose({ code, reason: reason.toString() }));
  });
});

server.listen(portFromEnv(), '127.0.0.1', () => announce((server.address() as AddressInfo).port));
process.once('SIGTERM', () => process.exit(0));
