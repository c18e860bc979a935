import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { SERVICE_RESTART_CLOSE_CODE } from '#shared/api';
import { eventually } from '../../e2e/support/eventually.ts';
import { closeForRestart } from './restart-close.ts';

let wss: WebSocketServer | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
  wss = undefined;
});

async function listening(): Promise<{ server: WebSocketServer; url: string; port: number }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  wss = server;
  return { server, url: `ws://127.0.0.1:${port}`, port };
}

describe('closeForRestart', () => {
  it('closes sockets with 1012 "stopping", which the client sees', async () => {
    const { server, url } = await listening();
    const client = new WebSocket(url);
    await new Promise((resolve) => client.once('open', resolve));
    const heard = new Promise<{ code: number; reason: string }>((resolve) => client.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    await closeForRestart(server.clients);
    expect(await heard).toEqual({ code: SERVICE_RESTART_CLOSE_CODE, reason: 'stopping' });
  });

  it('drops a client that never answers the close handshake once the wait is over', async () => {
    const { server, port } = await listening();
    // A raw client: completes the upgrade, then reads (and drops) what arrives, answering nothing.
    const raw = connect(port, '127.0.0.1');
    raw.on('error', () => undefined);
    raw.resume();
    const ended = new Promise<void>((resolve) => raw.once('close', () => resolve()));
    const connected = new Promise<void>((resolve) => server.once('connection', () => resolve()));
    raw.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    await connected;
    // Without the wait, ws would hold the socket open for its own 30 s close timeout.
    await closeForRestart(server.clients, 300);
    await ended;
    await eventually(() => expect(server.clients.size).toBe(0));
  }, 10_000);
});
