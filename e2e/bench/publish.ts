import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../playwright.config.ts';
import { startServerProcess } from '../support/server-process.ts';
import { callApi, obtainToken } from './harness/clients/our-api.ts';
import { mixedSections, timelineBatches } from './harness/fixtures.ts';
import { round, summary, wallNow, writeResult } from './stats.ts';

/**
 * Publish time and frozen HTML size for a large artifact, and how long Chromium takes to open
 * the frozen page (navigation start → load event), for two shapes: 1,000 mixed sections and
 * one timeline of 10,000 events.
 */
export async function benchPublish(repeats = 3): Promise<Record<string, unknown>> {
  const server = await startServerProcess();
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const { token } = await obtainToken(server.url);
  const call = <T>(method: string, route: string, body?: unknown): Promise<T> => callApi<T>(server.url, token, method, route, body);
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
