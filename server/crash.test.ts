import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { findSection, type ArtifactJSON } from '#shared';
import { startServerProcess, type ServerProcess } from '../e2e/support/server-process.ts';
import { api, eventually } from './test-server.ts';
import { freePort } from '../e2e/support/ports.ts';
import * as prng from 'lib0/prng';

/*
 * kill -9 at random points while agents (HTTP, with idempotency keys, retrying as the SDK
 * does) and a socket editor write and a viewer watches. After every restart: each acknowledged
 * write is stored exactly once, nothing a viewer ever showed is missing from storage, and no
 * retry duplicated anything. The seed is printed; FAULT_SEED=<n> replays a run.
 */
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

/** A seeded source of numbers in [0, 1) (lib0's PRNG, as the convergence tests use). */
function random(seed: number): () => number {
  const gen = prng.create(seed);
  return () => prng.real53(gen);
}


const MARKER = /[\[<]([a-z0-9-]+)[\]>]/g;
const markersIn = (text: string) => [...text.matchAll(MARKER)].map((m) => m[1] as string);
const textOf = (json: ArtifactJSON, id: string) => {
  const section = json.sections.find((s) => s.id === id);
  return section?.type === 'markdown' ? section.text : '';
};

describe('kill -9 under load', () => {
  it('keeps every acknowledged write exactly once and everything viewers showed', async () => {
    const seed = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 1_000_000));
    console.log(`crash test seed: ${seed} (FAULT_SEED=${seed} replays it)`);
    const rand = random(seed);
    const port = await freePort();
    const env = { PORT: String(port), COMPACT_AFTER_UPDATES: '20' };
    let server: ServerProcess = await startServerProcess({ env });
    const dataDir = server.dataDir;
    cleanup.push(async () => {
      await server.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });
    // Same port and signing keys after a restart: the same issuer, so the token stays good.
    const token = await server.token();
    const url = server.url;
    const { body } = await api<{ id: string }>(url, 'POST', '/api/artifacts', { title: 'Crash' }, token);
    const id = body.id;
    await api(url, 'POST', `/api/artifacts/${id}/ops`, {
      ops: [
        { op: 'section.upsert', section: { id: 'log', type: 'markdown', text: '' } },
        { op: 'section.upsert', section: { id: 'sock', type: 'markdown', text: '' } },
      ],
    }, token);

    // Agents: every batch has its own key, reused until the server answers it.
    const acked = new Set<string>();
    const refused = new Set<string>();
    let writing = true;
    const agent = async (w: number) => {
      for (let i = 0; writing; i++) {
        const marker = `a${w}-${i}`;
        const key = randomUUID();
        for (;;) {
          try {
            const response = await fetch(`${url}/api/artifacts/${id}/ops`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
              body: JSON.stringify({ ops: [{ op: 'text.append', id: 'log', text: `[${marker}]` }] }),
            });
            if (response.status === 200) acked.add(marker);
            else if (response.status !== 503) refused.add(marker);
            if (response.status !== 503) break;
          } catch {
            // No answer (the server is down): the same key again once it is back.
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };

    // A socket editor and a viewer: real providers that reconnect by themselves.
    const provider = (doc: Y.Doc) => {
      const websocketProvider = new HocuspocusProviderWebsocket({ url: `ws://127.0.0.1:${port}/collab`, WebSocketPolyfill: WebSocket, maxDelay: 500 });
      const p = new HocuspocusProvider({ websocketProvider, name: id, document: doc, token });
      p.attach();
      return { p, close: () => (p.destroy(), websocketProvider.destroy()) };
    };
    const editorDoc = new Y.Doc();
    const editor = provider(editorDoc);
    const viewerDoc = new Y.Doc();
    const viewer = provider(viewerDoc);
    const seen = new Set<string>();
    viewerDoc.on('update', () => {
      for (const section of ['log', 'sock']) {
        for (const m of markersIn((findSection(viewerDoc, section)?.get('text') as Y.Text | undefined)?.toString() ?? '')) seen.add(m);
      }
    });
    await eventually(() => expect(editor.p.isSynced && viewer.p.isSynced).toBe(true), 15_000);
    const editorAcked = new Set<string>();
    let typed: string[] = [];
    editor.p.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number !== 0) return;
      for (const m of typed) editorAcked.add(m);
      typed = [];
    });
    let edits = 0;
    const typing = setInterval(() => {
      const text = findSection(editorDoc, 'sock')?.get('text') as Y.Text | undefined;
      if (!text) return;
      const marker = `e-${edits++}`;
      typed.push(marker);
      text.insert(text.length, `<${marker}>`);
    }, 40);

    const agents = [0, 1, 2].map(agent);
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000 + rand() * 2_000));
      await server.kill();
      server = await startServerProcess({ dataDir, env });
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    writing = false;
    clearInterval(typing);
    await Promise.all(agents);
    // What the editor had acknowledged, and the viewer had shown, when everything stops at once.
    editor.close();
    viewer.close();
    const editorAckedAtKill = new Set(editorAcked);
    await server.kill();
    server = await startServerProcess({ dataDir, env });

    const stored = (await api<ArtifactJSON>(url, 'GET', `/api/artifacts/${id}`, undefined, token)).body;
    const log = markersIn(textOf(stored, 'log'));
    const sock = new Set(markersIn(textOf(stored, 'sock')));
    expect(acked.size).toBeGreaterThan(30);
    expect(editorAckedAtKill.size).toBeGreaterThan(30);
    expect(refused).toEqual(new Set());
    // Every acknowledged batch once; nothing twice (a duplicate would be a retry applied again).
    expect([...acked].filter((m) => !log.includes(m))).toEqual([]);
    expect(log.length).toBe(new Set(log).size);
    expect([...editorAckedAtKill].filter((m) => !sock.has(m))).toEqual([]);
    const storedMarkers = new Set([...log, ...sock]);
    expect([...seen].filter((m) => !storedMarkers.has(m))).toEqual([]);
  }, 120_000);
});
