import { request as httpRequest, Agent, type ClientRequest } from 'node:http';
import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { ArtifactJSON } from '#shared';
import { SERVICE_RESTART_CLOSE_CODE } from '#shared/api';
import { freePort } from '../e2e/support/ports.ts';
import { startServerProcess, type ServerProcess } from '../e2e/support/server-process.ts';
import { api, eventually } from './test-server.ts';

/*
 * SIGTERM on a real server process while agents stream op batches and a viewer watches:
 * every batch answered 2xx is stored, no request the server had started is cut off (it is
 * answered, or was never processed), requests that arrive after the signal are refused with
 * 503 `stopping` or find the port closed, the viewer's socket closes with 1012 (reconnect),
 * and the process exits 0 within the grace period.
 */
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const MARKER = /\[([a-z0-9-]+)\]/g;
const markersIn = (text: string) => [...text.matchAll(MARKER)].map((m) => m[1] as string);

type Outcome =
  | { kind: 'answered'; status: number; code: string | undefined }
  /** No answer: `reused` says the request went out on a kept-alive connection. */
  | { kind: 'no-answer'; error: string; reused: boolean };

/** One op batch over a kept-alive connection; `slowBodyMs` trickles the body (an upload in progress). */
function sendBatch(url: string, agent: Agent, token: string, marker: string, slowBodyMs = 0): Promise<Outcome> {
  const body = JSON.stringify({ ops: [{ op: 'text.append', id: 'log', text: `[${marker}]` }] });
  return new Promise((resolve) => {
    const req: ClientRequest = httpRequest(
      `${url}/api/artifacts/${artifactId}/ops`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let code: string | undefined;
          try {
            code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
          } catch {
            code = undefined;
          }
          resolve({ kind: 'answered', status: res.statusCode ?? 0, code });
        });
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'no-answer', error: `mid-response ${error.code ?? error.message}`, reused: req.reusedSocket }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'no-answer', error: error.code ?? error.message, reused: req.reusedSocket }));
    if (slowBodyMs === 0) {
      req.end(body);
      return;
    }
    // Headers and half the body now, the rest later: the request is running when SIGTERM comes.
    req.flushHeaders();
    req.write(body.slice(0, 20));
    setTimeout(() => req.end(body.slice(20)), slowBodyMs);
  });
}

let artifactId = '';

describe('SIGTERM', () => {
  it('finishes running requests, refuses new ones, closes sockets with 1012 and exits 0 in time', async () => {
    const port = await freePort();
    const graceMs = 10_000;
    const env = { PORT: String(port), SHUTDOWN_GRACE_MS: String(graceMs) };
    let server: ServerProcess = await startServerProcess({ env });
    const dataDir = server.dataDir;
    cleanup.push(async () => {
      await server.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const token = await server.token();
    const url = server.url;
    artifactId = (await api<{ id: string }>(url, 'POST', '/api/artifacts', { title: 'Shutdown' }, token)).body.id;
    await api(url, 'POST', `/api/artifacts/${artifactId}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'log', type: 'markdown', text: '' } }] }, token);

    // A viewer on a real provider: which close code its socket hears.
    const closes: { code: number; reason: string }[] = [];
    const websocketProvider = new HocuspocusProviderWebsocket({ url: `ws://127.0.0.1:${port}/collab`, WebSocketPolyfill: WebSocket });
    websocketProvider.on('close', ({ event }: { event: { code: number; reason: string } }) => closes.push({ code: event.code, reason: String(event.reason) }));
    const viewer = new HocuspocusProvider({ websocketProvider, name: artifactId, document: new Y.Doc(), token });
    viewer.attach();
    let viewerOpen = true;
    const closeViewer = () => {
      if (!viewerOpen) return;
      viewerOpen = false;
      viewer.destroy();
      websocketProvider.destroy();
    };
    cleanup.push(async () => closeViewer());
    await eventually(() => expect(viewer.isSynced).toBe(true), 15_000);

    // Agents: sequential batches on kept-alive connections, until their connection is refused.
    const outcomes = new Map<string, Outcome>();
    let signalledAt = 0;
    const afterSignal = new Set<string>();
    const agents = [0, 1, 2].map(async (w) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let i = 0; ; i++) {
          const marker = `a${w}-${i}`;
          if (signalledAt) afterSignal.add(marker);
          const outcome = await sendBatch(url, agent, token, marker);
          outcomes.set(marker, outcome);
          if (outcome.kind === 'no-answer' && outcome.error === 'ECONNREFUSED') return;
          if (outcome.kind === 'answered' && outcome.status === 503) await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        agent.destroy();
      }
    });
    await eventually(() => expect(outcomes.size).toBeGreaterThan(30), 20_000);

    // A batch whose body is still arriving when the signal comes: it must be finished and answered.
    const slowAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const slow = sendBatch(url, slowAgent, token, 'slow', 700);
    await new Promise((resolve) => setTimeout(resolve, 150));

    const exit = new Promise<{ code: number | null; ms: number }>((resolve) => server.child.once('exit', (code) => resolve({ code, ms: performance.now() - start })));
    const start = performance.now();
    signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const slowOutcome = await slow;
    // The same connection after the signal: refused with 503 `stopping`, not reset.
    const late = await sendBatch(url, slowAgent, token, 'late');
    slowAgent.destroy();
    await Promise.all(agents);
    const exited = await exit;

    const tally = (o: Outcome) => (o.kind === 'answered' ? `${o.status}${o.code ? ` ${o.code}` : ''}` : `${o.error}${o.reused ? ' (kept-alive)' : ''}`);
    const counts: Record<string, number> = {};
    for (const [m, o] of outcomes) if (afterSignal.has(m)) counts[tally(o)] = (counts[tally(o)] ?? 0) + 1;
    console.log(`SIGTERM: exit ${exited.code} after ${Math.round(exited.ms)} ms; ${outcomes.size} batches, after the signal: ${JSON.stringify(counts)}; late: ${tally(late)}; socket closes: ${JSON.stringify(closes)}`);
    expect(exited.code).toBe(0);
    expect(exited.ms).toBeLessThan(graceMs);
    expect(slowOutcome).toEqual({ kind: 'answered', status: 200, code: undefined });
    expect(late).toMatchObject({ kind: 'answered', status: 503, code: 'stopping' });
    expect(closes.map((c) => c.code)).toContain(SERVICE_RESTART_CLOSE_CODE);
    expect(closes.find((c) => c.code === SERVICE_RESTART_CLOSE_CODE)?.reason).toBe('stopping');

    // After the signal, nothing was cut off mid-way: a batch got an answer (200, or 503
    // `stopping`), found the port closed, or went out on a kept-alive connection the server was
    // closing as idle (never read, so never processed: checked against storage below).
    const unexpected = [...outcomes].filter(([, o]) =>
      o.kind === 'answered' ? !(o.status === 200 || (o.status === 503 && o.code === 'stopping')) : !(o.error === 'ECONNREFUSED' || (o.reused && (o.error === 'ECONNRESET' || o.error === 'socket hang up'))),
    );
    expect(unexpected).toEqual([]);
    const refusedAfter = [...outcomes].filter(([m, o]) => afterSignal.has(m) && o.kind !== 'answered');
    expect(refusedAfter.length).toBeGreaterThan(0);

    server = await startServerProcess({ dataDir, env });
    // The viewer comes back by itself once the server is up again (and is closed while
    // connected: closing a provider mid-handshake throws from ws).
    await eventually(() => expect(viewer.isSynced && websocketProvider.status === 'connected').toBe(true), 30_000);
    closeViewer();
    const json = (await api<ArtifactJSON>(server.url, 'GET', `/api/artifacts/${artifactId}`, undefined, token)).body;
    const log = json.sections.find((s) => s.id === 'log');
    const stored = new Set(markersIn(log?.type === 'markdown' ? log.text : ''));
    const acked = [...outcomes].filter(([, o]) => o.kind === 'answered' && o.status === 200).map(([m]) => m);
    expect(acked.length).toBeGreaterThan(30);
    // Every acknowledged batch is stored, the slow one included ...
    expect(acked.filter((m) => !stored.has(m))).toEqual([]);
    expect(stored.has('slow')).toBe(true);
    // ... and nothing without an answer was processed: no request was cut off after its commit.
    const unanswered = [...outcomes].filter(([, o]) => o.kind === 'no-answer' || o.status === 503).map(([m]) => m);
    expect(unanswered.filter((m) => stored.has(m))).toEqual([]);
  }, 120_000);
});
