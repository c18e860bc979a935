import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../playwright.config.ts';
import { startServerProcess } from '../support/server-process.ts';
import { callApi, obtainToken } from './harness/clients/our-api.ts';
import { cpuMeter } from './harness/proc.ts';
import { summary, wallNow, writeResult } from './stats.ts';

export interface OpToPaint {
  count: number;
  opToPaintMs: ReturnType<typeof summary>;
  httpAckMs: ReturnType<typeof summary>;
  serverCpuPct: number;
  clientCpuPct: number;
}

/**
 * Op posted by an agent → visible (painted) in a Chromium page, over `count` ops, against a
 * running server (`serverPid` for its CPU). Both clocks are the machine's wall clock
 * (performance.timeOrigin + now()).
 */
export async function measureOpToPaint(baseUrl: string, serverPid: number, count: number): Promise<OpToPaint> {
  const { token } = await obtainToken(baseUrl);
  const post = (route: string, body: unknown) => callApi<{ id: string }>(baseUrl, token, 'POST', route, body);
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const { id } = await post('/api/artifacts', { title: 'Latency probe' });
    await post(`/api/artifacts/${id}/ops`, {
      ops: [
        { op: 'section.upsert', section: { id: 'intro', type: 'markdown', text: '# Probe\nSome context above.' } },
        { op: 'section.upsert', section: { id: 'tl', type: 'timeline', title: 'Events' } },
      ],
    });
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/a/${id}`);
    await signInIfAsked(page);
    await page.waitForSelector('[data-synced]', { timeout: 30_000 }).catch(async (error: unknown) => {
      // Say what the page shows (e.g. a failed sign-in) rather than only that it timed out.
      const shown = await page.evaluate(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 200)).catch(() => '');
      throw new Error(`the live page never synced (${page.url()} shows: "${shown}")`, { cause: error });
    });
    // Record when each probe event's title is in the DOM and a frame has been painted after it.
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { __seen: typeof seen }).__seen = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-section-id="tl"] li')) {
          const match = /probe-(\d+)/.exec(el.textContent ?? '');
          if (match && !((match[1] as string) in seen)) {
            const key = match[1] as string;
            seen[key] = -1;
            requestAnimationFrame(() => (seen[key] = performance.timeOrigin + performance.now()));
          }
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const postedAt: number[] = [];
    const ackMs: number[] = [];
    // Chromium's CPU counts as the client's only through this process; the server's is exact.
    const cpu = cpuMeter(() => serverPid, () => undefined);
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
    const { serverPct, clientPct } = cpu.stop();
    const seen = await page.evaluate(() => (window as unknown as { __seen: Record<string, number> }).__seen);
    const latencies = postedAt.map((t, i) => (seen[String(i)] ?? Number.NaN) - t);
    return { count, opToPaintMs: summary(latencies), httpAckMs: summary(ackMs), serverCpuPct: serverPct, clientCpuPct: clientPct };
  } finally {
    await browser.close();
  }
}

/** Under an OpenID provider the app sends the browser to its login page first (demo user alice). */
async function signInIfAsked(page: Page): Promise<void> {
  const outcome = await Promise.race([
    page.waitForSelector('[data-synced]', { timeout: 30_000 }).then(() => 'app' as const, () => 'timeout' as const),
    page.waitForSelector('input[name="username"]', { timeout: 30_000 }).then(() => 'login' as const, () => 'timeout' as const),
  ]);
  if (outcome !== 'login') return;
  await page.fill('input[name="username"]', 'alice');
  await page.fill('input[name="password"]', 'alice');
  await page.click('button[type="submit"]');
}

/** `--only=op-to-paint`: its own server. */
export async function benchOpToPaint(count = 200): Promise<Record<string, unknown>> {
  const server = await startServerProcess();
  try {
    const result = await measureOpToPaint(server.url, server.child.pid ?? -1, count);
    await writeResult('op-to-paint', result);
    return { ...result };
  } finally {
    await server.dispose();
  }
}
