import WebSocket from 'ws';
import { wallNow } from '../../stats.ts';
import { classifyFrame, openingFrames, type Protocol } from './wire.ts';

/**
 * Loads one document as a viewer would and times it: from the opening frames (auth, sync
 * step 1) on an open socket to the sync step 2 that carries the whole document. Returns the
 * received bytes (so a bare Y.applyUpdate of exactly them can be timed) and the open socket.
 */
export async function loadDocument(url: string, protocol: Protocol, documentName: string, token: string): Promise<{ loadMs: number; update: Uint8Array; ws: WebSocket }> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no document from ${url} in 60 s`)), 60_000);
    const t0 = wallNow();
    ws.on('message', (data: Buffer) => {
      const frame = classifyFrame(protocol, data);
      if (frame.kind === 'denied') reject(new Error(`permission denied: ${frame.reason}`));
      if (frame.kind !== 'step2') return;
      clearTimeout(timer);
      resolve({ loadMs: wallNow() - t0, update: frame.payload.slice(), ws });
    });
    for (const frame of openingFrames(protocol, documentName, token)) ws.send(frame);
  });
}
