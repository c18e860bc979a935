import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { findSection, type ArtifactJSON } from '#shared';
import type { Principal } from '#policies';
import { loadClean } from './collab/persistence.ts';
import { authFrame, frame, MESSAGE, SYNC, syncFrame } from '../e2e/support/wire.ts';
import { api, connectViewer, eventually, startTestServer, tokensNamePeople } from './test-server.ts';
import * as prng from 'lib0/prng';

/*
 * Protocol fuzzing against a real server: mutated Hocuspocus/Yjs frames (bit flips, cuts,
 * splices, wrong names, huge lengths, random bytes) from an editor, a read-only viewer and a
 * socket that never authenticates, for a bounded time. Afterwards the server still answers,
 * every artifact still loads (and holds nothing that does not apply), a fresh viewer syncs,
 * and memory is back near where it started. FUZZ_SEED=<n> replays a run; FUZZ_MS sets its length.
 */
const people: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'Alice', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'Bob', orgId: 'acme', roles: ['artifact-viewer'], groups: [] },
};
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 1_000_000));
const DURATION_MS = Number(process.env.FUZZ_MS ?? 8_000);

let server: Awaited<ReturnType<typeof startTestServer>>;
const ids: string[] = [];
beforeAll(async () => {
  server = await startTestServer({}, { authenticator: tokensNamePeople(people) });
  for (const title of ['fuzz one', 'fuzz two']) {
    const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title }, 'alice');
    await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'log', type: 'markdown', text: 'start' } }, { op: 'section.upsert', section: { id: 'tl', type: 'timeline' } }] }, 'alice');
    await api(server.url, 'PUT', `/api/artifacts/${body.id}/sharing`, { visibility: 'org' }, 'alice');
    ids.push(body.id);
  }
});
afterAll(async () => {
  await server?.dispose();
});

/** A seeded source of numbers in [0, 1) (lib0's PRNG, as the convergence tests use). */
function random(seed: number): () => number {
  const gen = prng.create(seed);
  return () => prng.real53(gen);
}

/** Well-formed frames of a real editing session, the raw material of the mutations. */
function seedFrames(name: string, token: string): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const sections = doc.getArray<Y.Map<unknown>>('sections');
  const map = new Y.Map<unknown>();
  sections.push([map]);
  map.set('id', 'extra');
  map.set('type', 'markdown');
  const text = new Y.Text('');
  map.set('text', text);
  for (const ch of 'typed by a fuzzer') text.insert(text.length, ch);
  doc.getMap('meta').set('status', 'fuzzed');
  const auth = authFrame(name, token);
  const awareness = frame(name, (e) => {
    encoding.writeVarUint(e, MESSAGE.awareness);
    encoding.writeVarUint8Array(e, new Uint8Array([1, 200, 1, 1, 2, 123, 125]));
  });
  const stateless = frame(name, (e) => {
    encoding.writeVarUint(e, MESSAGE.stateless);
    encoding.writeVarString(e, '{"hello":1}');
  });
  return [auth, syncFrame(name, SYNC.step1, Y.encodeStateVector(doc)), syncFrame(name, SYNC.step2, Y.encodeStateAsUpdate(doc)), ...updates.map((u) => syncFrame(name, SYNC.update, u)), awareness, stateless, frame(name, (e) => encoding.writeVarUint(e, MESSAGE.queryAwareness))];
}

function mutate(rand: () => number, frames: readonly Uint8Array[]): Uint8Array {
  const base = frames[Math.floor(rand() * frames.length)] as Uint8Array;
  const bytes = Uint8Array.from(base);
  switch (Math.floor(rand() * 7)) {
    case 0: // flip a few bits
      for (let i = 0; i < 1 + rand() * 4; i++) {
        const at = Math.floor(rand() * bytes.length);
        bytes[at] = (bytes[at] ?? 0) ^ (1 << Math.floor(rand() * 8));
      }
      return bytes;
    case 1: // cut it short
      return bytes.slice(0, Math.floor(rand() * bytes.length));
    case 2: { // splice two frames
      const other = frames[Math.floor(rand() * frames.length)] as Uint8Array;
      const at = Math.floor(rand() * bytes.length);
      return Uint8Array.from([...bytes.slice(0, at), ...other.slice(Math.floor(rand() * other.length))]);
    }
    case 3: { // a huge length prefix after the name
      const copy = Uint8Array.from(bytes);
      const at = Math.min(copy.length - 1, 1 + Math.floor(rand() * 20));
      copy.set([0xff, 0xff, 0xff, 0xff, 0x0f].slice(0, copy.length - at), at);
      return copy;
    }
    case 4: // random bytes
      return Uint8Array.from({ length: 1 + Math.floor(rand() * 64) }, () => Math.floor(rand() * 256));
    case 5: // repeat a valid frame (a storm of step 1 or updates)
      return bytes;
    default: // the same frame with a byte inserted
      return Uint8Array.from([...bytes.slice(0, 1), Math.floor(rand() * 256), ...bytes.slice(1)]);
  }
}

/** A socket that keeps sending mutated frames, reconnecting whenever the server closes it. */
function fuzzSocket(rand: () => number, frames: readonly Uint8Array[], authFrame: Uint8Array | undefined, until: number): Promise<number> {
  return new Promise((resolve) => {
    let sent = 0;
    const open = () => {
      if (Date.now() > until) return resolve(sent);
      const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/collab`, { perMessageDeflate: false });
      ws.on('error', () => undefined);
      ws.on('close', () => setTimeout(open, 5));
      ws.on('open', () => {
        if (authFrame) ws.send(authFrame);
        const tick = () => {
          if (ws.readyState !== WebSocket.OPEN) return;
          if (Date.now() > until) return ws.close();
          ws.send(mutate(rand, frames));
          sent++;
          setTimeout(tick, rand() * 4);
        };
        tick();
      });
    };
    open();
  });
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('protocol fuzzing', () => {
  it(`seed ${SEED}: the server survives mutated frames from an editor, a viewer and an unauthenticated socket`, async () => {
    const rand = random(SEED);
    collectGarbage();
    const baselineRss = process.memoryUsage().rss;
    const until = Date.now() + DURATION_MS;
    const [id] = ids as [string];
    const editorFrames = seedFrames(id, 'alice');
    const viewerFrames = seedFrames(ids[1] as string, 'bob');
    const strangerFrames = seedFrames(id, 'nobody');
    const sent = await Promise.all([
      fuzzSocket(rand, editorFrames, editorFrames[0], until),
      fuzzSocket(rand, viewerFrames, viewerFrames[0], until),
      fuzzSocket(rand, strangerFrames, undefined, until),
    ]);
    expect(sent.reduce((a, b) => a + b, 0)).toBeGreaterThan(300);

    // Still answering, every artifact loads, and nothing stored fails to apply.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    for (const artifactId of ids) {
      const live = await api<ArtifactJSON>(server.url, 'GET', `/api/artifacts/${artifactId}`, undefined, 'alice');
      expect(live.status).toBe(200);
      expect(live.body.sections.map((s) => s.id)).toEqual(expect.arrayContaining(['log', 'tl']));
      const { doc, skipped } = loadClean(await server.store.loadDocument(artifactId));
      expect(skipped).toEqual([]);
      doc.destroy();
      expect((await api(server.url, 'POST', `/api/artifacts/${artifactId}/versions`, {}, 'alice')).status).toBeLessThan(300);
      const viewer = connectViewer(server.url, artifactId, 'bob');
      await viewer.synced;
      expect(findSection(viewer.doc, 'log')).toBeDefined();
      viewer.close();
    }
    // Memory comes back near where it started once the sockets are gone.
    await eventually(() => {
      collectGarbage();
      expect(process.memoryUsage().rss - baselineRss).toBeLessThan(150 * 1024 * 1024);
    }, 15_000);
  }, 120_000);
});
