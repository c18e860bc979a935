import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { announce, portFromEnv } from './seed.ts';

/**
 * The floor: a `ws` server that forwards every frame to every other socket on the same path.
 * No parsing, no document, no storage.
 */
const server = createServer();
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
const rooms = new Map<string, Set<WebSocket>>();

wss.on('connection', (ws, request) => {
  const name = request.url ?? '/';
  let room = rooms.get(name);
  if (!room) rooms.set(name, (room = new Set()));
  const peers = room;
  peers.add(ws);
  ws.on('message', (data: Buffer, isBinary) => {
    for (const peer of peers) if (peer !== ws && peer.readyState === peer.OPEN) peer.send(data, { binary: isBinary });
  });
  ws.on('close', () => {
    peers.delete(ws);
    if (peers.size === 0) rooms.delete(name);
  });
});

server.listen(portFromEnv(), '127.0.0.1', () => announce((server.address() as AddressInfo).port));
process.once('SIGTERM', () => process.exit(0));
