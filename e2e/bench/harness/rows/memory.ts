import * as Y from 'yjs';
import { Inspector } from '../cdp.ts';
import { loadDocument } from '../clients/one-shot.ts';
import { mixedSectionBatches } from '../fixtures.ts';
import { cpuSecondsOf, rssBytesOf } from '../proc.ts';
import { median } from '../report-math.ts';
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
  /** Server CPU time spent on the cold load (10 ms resolution). */
  serverCpuMs: number;
}

/**
 * Heap and cold load of documents with `sections` mixed sections each. Each repeat restarts the
 * server (so nothing is in memory), loads a warm-up document of the smallest shape first (so JIT
 * warm-up is not counted: "cold" means not in memory, not a cold process), then loads each
 * measured document between two heap readings taken through the inspector. With `profile`,
 * one more repeat runs under the CPU profiler (not counted).
 */
export async function documentRows(target: Target, sectionCounts: number[], repeats: number, profile?: (inspector: Inspector, run: () => Promise<void>) => Promise<void>): Promise<DocumentRow[]> {
  const { server, spec, token } = target;
  const warmup = await target.newDocument('warmup', mixedSectionBatches(Math.min(...sectionCounts)));
  const documents: [number, string][] = [];
  for (const sections of sectionCounts) documents.push([sections, await target.newDocument(`doc ${sections}`, mixedSectionBatches(sections))]);
  const runs = new Map<number, { heap: number; rss: number; loadMs: number; cpuMs: number; bytes: Uint8Array }[]>(sectionCounts.map((n) => [n, []]));
  const passes = repeats + (profile ? 1 : 0);
  for (let r = 0; r < passes; r++) {
    await server.restart();
    const inspector = await Inspector.connect(server.inspectorUrl);
    const sockets: { close(): void }[] = [];
    try {
      sockets.push((await loadDocument(server.wsUrl(warmup), spec.protocol, warmup, token)).ws);
      const measureAll = async () => {
        for (const [sections, name] of documents) {
          const heap0 = await inspector.heapUsedBytes();
          const rss0 = rssBytesOf(server.pid);
          const cpu0 = cpuSecondsOf(server.pid);
          const loaded = await loadDocument(server.wsUrl(name), spec.protocol, name, token);
          const cpuMs = (cpuSecondsOf(server.pid) - cpu0) * 1_000;
          sockets.push(loaded.ws);
          const heap1 = await inspector.heapUsedBytes();
          if (r < repeats) runs.get(sections)!.push({ heap: heap1 - heap0, rss: rssBytesOf(server.pid) - rss0, loadMs: loaded.loadMs, cpuMs, bytes: loaded.update });
        }
      };
      if (r < repeats || !profile) await measureAll();
      else await profile(inspector, measureAll);
    } finally {
      for (const ws of sockets) ws.close();
      inspector.close();
    }
  }
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
      serverCpuMs: median(measured.map((m) => m.cpuMs)),
    };
  });
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
