import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import * as Y from 'yjs';
import { Inspector } from '../cdp.ts';
import { loadDocument } from '../clients/one-shot.ts';
import { mixedSectionBatches } from '../fixtures.ts';
import { cpuSecondsOf, rssBytesOf } from '../proc.ts';
import { median } from '../report-math.ts';
import { ROOT } from '../servers/index.ts';
import type { Target } from '../target.ts';
import { wallNow } from '../../stats.ts';

export interface DocumentRow {
  server: string;
  sections: number;
  repeats: number;
  /** Bytes of the document as the server sends it (sync step 2). */
  bytes: number;
  /** V8 heap (after full GC) the loaded document added to the server. */
  heapMB: number;
  rssMB: number;
  /** Document not in memory → a viewer has all of it (median). */
  coldLoadMs: number;
  /** A bare Y.applyUpdate of the same bytes into an empty Y.Doc in this process (median). */
  applyUpdateMs: number;
  /**
   * The same bare apply in a fresh Node process after one warm-up apply of the smallest
   * document, as the restarted server gets it (median of 3 processes): JIT and heap growth
   * included, nothing of ours.
   */
  freshApplyMs: number;
  /** Server CPU time spent on the cold load (10 ms resolution). */
  serverCpuMs: number;
}

/**
 * Heap and cold load of documents with `sections` mixed sections each. Each repeat restarts the
 * server (so nothing is in memory) and loads a warm-up document of the smallest shape first (so
 * JIT warm-up is not counted: "cold" means not in memory, not a cold process). Then:
 *
 * 1. **timed pass**: each measured document is loaded and timed, with nothing else going on;
 * 2. **heap pass**: the sockets are closed (the documents leave memory), and each document is
 *    loaded again between two heap readings taken through the inspector.
 *
 * The passes are apart because a heap reading forces full, memory-reducing collections, after
 * which V8 starts again from a minimal young generation: a load right after one ran 2–5× slower
 * in GC than the same load in a server that had not been forced. With `profile`, one more
 * timed pass runs under the CPU profiler (not counted).
 */
export async function documentRows(target: Target, sectionCounts: number[], repeats: number, profile?: (inspector: Inspector, run: () => Promise<void>) => Promise<void>): Promise<DocumentRow[]> {
  const { server, spec, token } = target;
  const warmup = await target.newDocument('warmup', mixedSectionBatches(Math.min(...sectionCounts)));
  const documents: [number, string][] = [];
  for (const sections of sectionCounts) documents.push([sections, await target.newDocument(`doc ${sections}`, mixedSectionBatches(sections))]);
  const runs = new Map<number, { heap: number; rss: number; loadMs: number; cpuMs: number; bytes: Uint8Array }[]>(sectionCounts.map((n) => [n, []]));
  const passes = repeats + (profile ? 1 : 0);
  const load = (name: string) => loadDocument(server.wsUrl(name), spec.protocol, name, token);
  for (let r = 0; r < passes; r++) {
    await server.restart();
    const inspector = await Inspector.connect(server.inspectorUrl);
    const sockets: { close(): void }[] = [];
    try {
      sockets.push((await load(warmup)).ws);
      const timed = new Map<number, { loadMs: number; cpuMs: number; bytes: Uint8Array }>();
      const timeAll = async () => {
        for (const [sections, name] of documents) {
          const cpu0 = cpuSecondsOf(server.pid);
          const loaded = await load(name);
          timed.set(sections, { loadMs: loaded.loadMs, cpuMs: (cpuSecondsOf(server.pid) - cpu0) * 1_000, bytes: loaded.update });
          sockets.push(loaded.ws);
        }
      };
      if (r === repeats && profile) {
        await profile(inspector, timeAll);
        continue;
      }
      await timeAll();
      // Heap pass: the measured documents leave memory once their sockets are gone.
      for (const ws of sockets.splice(1)) ws.close();
      await sleep(500);
      for (const [sections, name] of documents) {
        const heap0 = await inspector.heapUsedBytes();
        const rss0 = rssBytesOf(server.pid);
        sockets.push((await load(name)).ws);
        const heap1 = await inspector.heapUsedBytes();
        runs.get(sections)!.push({ heap: heap1 - heap0, rss: rssBytesOf(server.pid) - rss0, ...timed.get(sections)! });
      }
    } finally {
      for (const ws of sockets) ws.close();
      inspector.close();
    }
  }
  const smallest = runs.get(Math.min(...sectionCounts))?.[0]?.bytes ?? new Uint8Array();
  return documents.map(([sections]) => {
    const measured = runs.get(sections) ?? [];
    const bytes = measured[0]?.bytes ?? new Uint8Array();
    return {
      server: spec.name,
      sections,
      repeats,
      bytes: bytes.length,
      heapMB: median(measured.map((m) => m.heap / 2 ** 20)),
      rssMB: median(measured.map((m) => m.rss / 2 ** 20)),
      coldLoadMs: median(measured.map((m) => m.loadMs)),
      applyUpdateMs: timeApplyUpdate(bytes),
      freshApplyMs: timeFreshApply(smallest, bytes),
      serverCpuMs: median(measured.map((m) => m.cpuMs)),
    };
  });
}

const FRESH_APPLY = `
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import * as Y from 'yjs';
const [warmup, measured] = process.argv.slice(-2).map((f) => readFileSync(f));
Y.applyUpdate(new Y.Doc(), warmup);
const t0 = performance.now();
Y.applyUpdate(new Y.Doc(), measured);
process.stdout.write(String(performance.now() - t0));
`;

/** Median of three fresh processes, each applying `warmup` and then timing one apply of `bytes`. */
export function timeFreshApply(warmup: Uint8Array, bytes: Uint8Array): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'la-bench-apply-'));
  try {
    const files = [path.join(dir, 'warmup.bin'), path.join(dir, 'measured.bin')];
    writeFileSync(files[0]!, warmup);
    writeFileSync(files[1]!, bytes);
    const times = [0, 1, 2].map(() => Number(execFileSync(process.execPath, ['--input-type=module', '-e', FRESH_APPLY, ...files], { cwd: ROOT, encoding: 'utf8' })));
    return median(times);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}


/** Median of five timed applies after one warm-up apply. */
export function timeApplyUpdate(bytes: Uint8Array): number {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const doc = new Y.Doc();
    const t0 = wallNow();
    Y.applyUpdate(doc, bytes);
    if (i > 0) times.push(wallNow() - t0);
    doc.destroy();
  }
  return median(times);
}
