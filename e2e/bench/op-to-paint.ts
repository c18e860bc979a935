import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../playwright.config.ts';
import { startServerProcess } from '../support/server-process.ts';
import { summary, wallNow, writeResult } from './stats.ts';

/**
 * Op posted by an agent → visible (painted) in a Chromium page, over `count` ops.
 * Both clocks are the machine's wall clock (performance.timeOrigin + now()).
 */
export async function benchOpToPaint(count = 200): Promise<Record<string, unknown>> {
  const server = await startServerProcess();
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const post = async (route: string, body: unknown) => {
      const res = await fetch(`${server.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ id: string }>;
    };
    const { id } = await post('/api/artifacts', { title: 'Latency probe' });
    await post(`/api/artifacts/${id}/ops`, {
      ops: [
        { op: 'section.upsert', section: { id: 'intro', type: 'markdown', text: '# Probe\nSome context above.' } },
        { op: 'section.upsert', section: { id: 'tl', type: 'timeline', title: 'Events' } },
      ],
    });
    const page = await browser.newPage();
    await page.goto(`${server.url}/a/${id}`);
    await page.waitForSelector('[data-synced]');
    // Record when each probe event's title is in the DOM and a frame has been painted after it.
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { __seen: typeof seen }).__seen = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-section-id="tl"] li')) {
          const match = /probe-(\d+)/.exec(el.textContent ?? '');
          if (match && !(match[1] as string in seen)) {
            const key = match[1] as string;
            seen[key] = -1;
            requestAnimationFrame(() => (seen[key] = performance.timeOrigin + performance.now()));
          }
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const postedAt: number[] = [];
    const ackMs: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = wallNow();
      postedAt.push(t0);
      await post(`/api/artifacts/${id}/ops`, {
        ops: [{ op: 'timeline.append', id: 'tl', event: { at: new Date(Date.UTC(2026, 10, 21, 0, 0, i)).toISOString(), title: `probe-${i}` } }],
      });
      ackMs.push(wallNow() - t0);
      await new Promise((r) => setTimeout(r, 25));
    }
    await page.waitForFunction((n) => Object.values((window as unknown as { __seen: Record<string, number> }).__seen).filter((v) => v > 0).length >= n, count, { timeout: 30_000 });
    const seen = await page.evaluate(() => (window as unknown as { __seen: Record<string, number> }).__seen);
    const latencies = postedAt.map((t, i) => (seen[String(i)] ?? Number.NaN) - t);
    const result = { count, opToPaintMs: summary(latencies), httpAckMs: summary(ackMs) };
    await writeResult('op-to-paint', result);
    return result;
  } finally {
    await browser.close();
    await server.dispose();
  }
}
