import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../playwright.config.ts';
import { startServerProcess } from '../support/server-process.ts';
import { round, summary, wallNow, writeResult } from './stats.ts';

/**
 * Publish time and frozen HTML size for a large artifact, and how long Chromium takes to open
 * the frozen page (navigation start → load event), for two shapes: 1,000 mixed sections and
 * one timeline of 10,000 events.
 */
export async function benchPublish(repeats = 3): Promise<Record<string, unknown>> {
  const server = await startServerProcess();
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}${route}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<T>;
  };
  const shapes: Record<string, unknown[][]> = {
    '1,000 sections': [mixedSections(1_000)],
    '10,000 timeline events': [[{ op: 'section.upsert', section: { id: 'tl', type: 'timeline', title: 'Events' } }], ...timelineBatches(10_000, 1_000)],
  };
  const rows: Record<string, unknown>[] = [];
  try {
    for (const [name, batches] of Object.entries(shapes)) {
      const { id } = await call<{ id: string }>('POST', '/api/artifacts', { title: name });
      for (const ops of batches) await call('POST', `/api/artifacts/${id}/ops`, { ops });
      const publishMs: number[] = [];
      const openMs: number[] = [];
      let sizeBytes = 0;
      for (let i = 0; i < repeats; i++) {
        const t0 = wallNow();
        const { version } = await call<{ version: number }>('POST', `/api/artifacts/${id}/versions`, {});
        publishMs.push(wallNow() - t0);
        const { url } = await call<{ url: string }>('GET', `/api/artifacts/${id}/versions/${version}/link`);
        const page = await browser.newPage();
        await page.goto(url, { waitUntil: 'load' });
        const nav = await page.evaluate(() => {
          const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
          return { load: entry?.loadEventEnd ?? 0, size: entry?.transferSize ?? 0 };
        });
        openMs.push(nav.load);
        await page.close();
        const versions = await call<{ versions: { version: number; sizeBytes: number }[] }>('GET', `/api/artifacts/${id}/versions`);
        sizeBytes = versions.versions.find((v) => v.version === version)?.sizeBytes ?? 0;
      }
      rows.push({ shape: name, publishMs: summary(publishMs), htmlMiB: round(sizeBytes / 2 ** 20, 2), openInChromiumMs: summary(openMs) });
    }
    const result = { repeats, rows };
    await writeResult('publish', result);
    return result;
  } finally {
    await browser.close();
    await server.dispose();
  }
}

function mixedSections(count: number): unknown[] {
  const kinds = ['markdown', 'code', 'chart', 'checklist', 'table', 'callout', 'metrics', 'timeline'] as const;
  return Array.from({ length: count }, (_, i) => {
    const id = `s${i}`;
    switch (kinds[i % kinds.length]) {
      case 'markdown':
        return { op: 'section.upsert', section: { id, type: 'markdown', title: `Section ${i}`, text: `Some **markdown** for section ${i} with \`code\` and a list:\n\n- one\n- two\n- three` } };
      case 'code':
        return { op: 'section.upsert', section: { id, type: 'code', language: 'ts', code: `export function f${i}(x: number): number {\n  return x * ${i};\n}` } };
      case 'chart':
        return { op: 'section.upsert', section: { id, type: 'chart', chart: 'line', series: [{ name: 'p99', points: Array.from({ length: 20 }, (_, k) => [k, (k * 37 + i) % 100]) }] } };
      case 'checklist':
        return { op: 'section.upsert', section: { id, type: 'checklist', items: [1, 2, 3].map((k) => ({ id: `i${k}`, text: `Item ${k}`, done: k === 1 })) } };
      case 'table':
        return { op: 'section.upsert', section: { id, type: 'table', columns: ['service', 'p50', 'p99'], rows: [['api', 12, 80], ['db', 3, 20]] } };
      case 'callout':
        return { op: 'section.upsert', section: { id, type: 'callout', tone: 'warning', text: `Heads up about ${i}.` } };
      case 'metrics':
        return { op: 'section.upsert', section: { id, type: 'metrics', items: [{ label: 'rps', value: 1200 + i, delta: '+3%' }] } };
      default:
        return { op: 'section.upsert', section: { id, type: 'timeline', events: [{ id: 'e', at: '2026-11-21T10:00:00Z', title: `Event ${i}` }] } };
    }
  });
}

function timelineBatches(events: number, perBatch: number): unknown[][] {
  const batches: unknown[][] = [];
  for (let start = 0; start < events; start += perBatch) {
    batches.push(
      Array.from({ length: perBatch }, (_, k) => {
        const n = start + k;
        return { op: 'timeline.append', id: 'tl', event: { id: `e${n}`, at: new Date(Date.UTC(2026, 10, 21) + n * 1_000).toISOString(), title: `Event ${n}`, body: `Details of **event** ${n}.`, severity: n % 10 === 0 ? 'warning' : 'info', actor: 'bench' } };
      }),
    );
  }
  return batches;
}
