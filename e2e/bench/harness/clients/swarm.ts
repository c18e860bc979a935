import WebSocket from 'ws';
import { wallNow } from '../../stats.ts';
import type { LatencyStats, SwarmRequest, SwarmResponse } from './swarm-protocol.ts';
import { authFrame, classifyFrame, keepaliveFrame, KEEPALIVE_MS, openingFrames, scanMarkers, type Protocol } from './wire.ts';
import { YjsClient } from './yjs-client.ts';

/**
 * The viewer swarm: a process of its own (pinned to the client core) holding thousands of
 * wire-level viewers. A viewer sends the opening frames of its protocol, then only searches
 * each frame for edit markers; it never decodes Yjs, so what is measured is the server.
 * Driven by the harness over IPC (swarm-protocol.ts).
 */
interface Viewer {
  ws: WebSocket | undefined;
  /** Edits of the current window this viewer received. */
  received: number;
  /** Wall-clock time of its last (re)sync; 0 = not synced since `expect-resync`. */
  syncedAt: number;
}

let target: { url: string; protocol: Protocol; documentName: string; token: string; reconnect: boolean } | undefined;
let viewers: Viewer[] = [];
let yjsViewers: YjsClient[] = [];
let closing = false;
let windowFrom = Number.POSITIVE_INFINITY;
let windowTo = Number.POSITIVE_INFINITY;
let samples = new Float64Array(1 << 16);
let sampleCount = 0;
let lastDeliveryAt = 0;
let firstError: string | undefined;
/** Permission denials seen since `expect-resync` (a server that refuses while starting up). */
let denials = 0;
/**
 * Sockets the server closed while nobody asked for it (not `close`, not a restart row): a
 * viewer that silently stops receiving would otherwise read as "delivered less" or "did not
 * converge". Counted per close code and reason.
 */
let drops = new Map<string, number>();
let expectingCloses = false;

/**
 * Keepalive: each viewer sends `keepaliveFrame` once per KEEPALIVE_MS, spread over the period
 * (one slice of the viewers per tick) so thousands of sockets do not speak in the same instant.
 */
const KEEPALIVE_TICKS = 15;
let keepaliveTick = 0;
setInterval(() => {
  const t = target;
  const frame = t && keepaliveFrame(t.protocol, t.documentName);
  keepaliveTick = (keepaliveTick + 1) % KEEPALIVE_TICKS;
  if (!frame) return;
  for (let i = keepaliveTick; i < viewers.length; i += KEEPALIVE_TICKS) {
    const ws = viewers[i]?.ws;
    if (ws?.readyState === WebSocket.OPEN) ws.send(frame);
  }
}, KEEPALIVE_MS / KEEPALIVE_TICKS).unref();

function record(viewer: Viewer, sentAtMs: number, now: number): void {
  if (sentAtMs < windowFrom || sentAtMs > windowTo) return;
  viewer.received++;
  lastDeliveryAt = now;
  if (sampleCount === samples.length) {
    const grown = new Float64Array(samples.length * 2);
    grown.set(samples);
    samples = grown;
  }
  samples[sampleCount++] = now - sentAtMs;
}

function open(viewer: Viewer): Promise<void> {
  const t = target!;
  return new Promise((resolve) => {
    const ws = new WebSocket(t.url, { perMessageDeflate: false });
    viewer.ws = ws;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      resolve();
    };
    ws.binaryType = 'nodebuffer';
    ws.on('open', () => {
      for (const frame of openingFrames(t.protocol, t.documentName, t.token)) ws.send(frame);
      if (t.protocol === 'relay') {
        viewer.syncedAt = wallNow();
        settle();
      }
    });
    ws.on('message', (data: Buffer) => {
      const now = wallNow();
      if (viewer.syncedAt === 0) {
        const frame = classifyFrame(t.protocol, data);
        if (frame.kind === 'step2') {
          viewer.syncedAt = now;
          settle();
          return; // the whole document: old edits, not deliveries
        }
        if (frame.kind === 'denied') {
          denials++;
          firstError ??= `permission denied: ${frame.reason}`;
          // Hocuspocus keeps the socket open after a denial; a reconnecting client tries again.
          if (t.reconnect) ws.close();
        }
      }
      scanMarkers(data, (sentAtMs) => record(viewer, sentAtMs, now));
    });
    ws.on('error', (error) => {
      firstError ??= error.message;
    });
    ws.on('close', (code, reason) => {
      settle();
      if (!closing && !expectingCloses && viewer.syncedAt > 0) {
        const key = `${code} ${reason.toString() || '(no reason)'}`;
        drops.set(key, (drops.get(key) ?? 0) + 1);
      }
      if (viewer.ws !== ws) return;
      viewer.ws = undefined;
      if (!closing && t.reconnect) {
        // Spread the reconnects like real clients with jittered backoff would.
        setTimeout(() => void reopen(viewer), 50 + Math.random() * 100);
      }
    });
  });
}

async function reopen(viewer: Viewer): Promise<void> {
  if (closing || viewer.ws) return;
  await open(viewer);
}

async function handle(request: SwarmRequest): Promise<SwarmResponse> {
  switch (request.type) {
    case 'connect': {
      closing = false;
      expectingCloses = request.reconnect;
      target = request;
      firstError = undefined;
      drops = new Map();
      const t0 = wallNow();
      const fresh = Array.from({ length: request.viewers }, (): Viewer => ({ ws: undefined, received: 0, syncedAt: 0 }));
      // Open in bounded waves: a few hundred handshakes in flight at a time.
      for (let i = 0; i < fresh.length; i += 250) await Promise.all(fresh.slice(i, i + 250).map(open));
      // A refused or reset handshake (a listen backlog overflowing) is retried, as clients do.
      let retried = 0;
      for (let attempt = 0; attempt < 3; attempt++) {
        const unsynced = fresh.filter((v) => v.syncedAt === 0);
        if (unsynced.length === 0) break;
        retried += unsynced.length;
        await sleep(200);
        for (const v of unsynced) v.ws?.terminate();
        for (let i = 0; i < unsynced.length; i += 250) await Promise.all(unsynced.slice(i, i + 250).map(open));
      }
      viewers.push(...fresh);
      for (let i = 0; i < request.yjsViewers; i++) {
        yjsViewers.push(await YjsClient.connect({ url: request.url, protocol: request.protocol, documentName: request.documentName, token: request.token }));
      }
      const failed = fresh.filter((v) => v.syncedAt === 0).length;
      return { type: 'connected', viewers: fresh.length - failed, failed, retried, connectMs: wallNow() - t0, ...(firstError ? { firstError } : {}) };
    }
    case 'window':
      windowFrom = request.fromMs;
      windowTo = request.toMs;
      sampleCount = 0;
      lastDeliveryAt = 0;
      for (const v of viewers) v.received = 0;
      return { type: 'ok' };
    case 'collect':
      return { type: 'stats', ...(await collect(request.expected, request.maxWaitMs, request.quietMs ?? 1_000)) };
    case 'expect-resync':
      for (const v of viewers) v.syncedAt = 0;
      denials = 0;
      firstError = undefined;
      return { type: 'ok' };
    case 'await-resync': {
      const deadline = wallNow() + request.maxWaitMs;
      while (viewers.some((v) => v.syncedAt === 0) && wallNow() < deadline) await sleep(5);
      const synced = viewers.filter((v) => v.syncedAt > 0);
      return { type: 'resynced', resynced: synced.length, lastAtMs: Math.max(0, ...synced.map((v) => v.syncedAt)), denials, ...(firstError ? { firstError } : {}) };
    }
    case 'markers':
      return { type: 'markers', counts: yjsViewers.map((v) => v.markerCount()), dropped: yjsViewers.flatMap((v) => (v.closedBy ? [v.closedBy] : [])) };
    case 'token': {
      // A provider hands its open socket every renewed token (our server closes it at expiry).
      if (!target || target.protocol !== 'hocuspocus') return { type: 'ok' };
      target.token = request.token;
      const frame = authFrame(target.documentName, request.token);
      for (const v of viewers) if (v.ws?.readyState === WebSocket.OPEN) v.ws.send(frame);
      for (const y of yjsViewers) y.sendToken(request.token);
      return { type: 'ok' };
    }
    case 'close': {
      closing = true;
      const all = viewers;
      viewers = [];
      await Promise.all(
        all.map(
          (v) =>
            new Promise<void>((resolve) => {
              if (!v.ws || v.ws.readyState === WebSocket.CLOSED) return resolve();
              v.ws.once('close', () => resolve());
              v.ws.terminate();
            }),
        ),
      );
      for (const y of yjsViewers) y.close();
      yjsViewers = [];
      return { type: 'ok' };
    }
  }
}

/** Waits for the window's deliveries, giving up once nothing arrived for a while. */
async function collect(expected: number, maxWaitMs: number, quietMs: number): Promise<LatencyStats> {
  const started = wallNow();
  const total = () => viewers.reduce((sum, v) => sum + v.received, 0);
  let last = total();
  let lastChange = wallNow();
  while (total() < expected * viewers.length && wallNow() - started < maxWaitMs) {
    await sleep(10);
    const now = total();
    if (now !== last) {
      last = now;
      lastChange = wallNow();
    } else if (wallNow() - lastChange > quietMs) {
      break;
    }
  }
  const sorted = samples.subarray(0, sampleCount).sort();
  const at = (p: number) => (sampleCount === 0 ? Number.NaN : (sorted[Math.min(sampleCount - 1, Math.max(0, Math.ceil(p * sampleCount) - 1))] as number));
  return {
    delivered: sampleCount,
    expected: expected * viewers.length,
    viewersComplete: viewers.filter((v) => v.received >= expected).length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: at(1),
    lastDeliveryAtMs: lastDeliveryAt,
    viewersOpen: viewers.filter((v) => v.ws?.readyState === WebSocket.OPEN).length,
    drops: Object.fromEntries(drops),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

process.on('message', (request: SwarmRequest) => {
  handle(request).then(
    (response) => process.send?.(response),
    (error: unknown) => process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies SwarmResponse),
  );
});
process.on('disconnect', () => process.exit(0));
