import { createServer, connect, type Server, type Socket } from 'node:net';
import type { Page } from '@playwright/test';
import { startServerProcess } from '../support/server-process.ts';
import { signIn } from '../support/sign-in.ts';
import { Api, expect, expectNoPageErrors, expectNoReload, markDocument, openLive, section, test, upsertAll } from './fixtures.ts';

/*
 * The status pill tells the truth about the live connection, and the page recovers by itself:
 * after a network loss it returns to `live` and catches up with what was written meanwhile.
 */

const pill = (page: Page) => page.getByTestId('connection-status');

/** Records every state the pill shows, so a short-lived state is not missed between polls. */
async function recordPillStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="connection-status"]')!;
    const seen: string[] = [el.getAttribute('data-state') ?? ''];
    new MutationObserver(() => {
      const state = el.getAttribute('data-state') ?? '';
      if (seen.at(-1) !== state) seen.push(state);
    }).observe(el, { attributes: true, attributeFilter: ['data-state'] });
    (window as unknown as { __pillStates: string[] }).__pillStates = seen;
  });
}
const pillStates = (page: Page) => page.evaluate(() => (window as unknown as { __pillStates: string[] }).__pillStates);

test('the pill is live after sync, leaves live while offline, and the page catches up afterwards', async ({ page, api }) => {
  const id = await api.artifact('Connection', upsertAll([{ id: 'log', type: 'markdown', text: 'Before.' }]));
  await openLive(page, id);
  await expect(pill(page)).toHaveAttribute('data-state', 'live');
  await expect(pill(page)).toHaveText('live');
  const marker = await markDocument(page);
  await recordPillStates(page);

  await page.context().setOffline(true);
  await expect(pill(page)).not.toHaveAttribute('data-state', 'live');
  await expect(pill(page)).toHaveAttribute('data-state', /^(offline|reconnecting)$/);
  // What was on screen stays on screen.
  await expect(section(page, 'log')).toContainText('Before.');

  // Written while the reader is offline...
  await api.ops(id, [{ op: 'text.append', id: 'log', text: ' Written while offline.' }]);

  await page.context().setOffline(false);
  await expect(pill(page)).toHaveAttribute('data-state', 'live');
  // ...arrives once back, and so does anything later.
  await expect(section(page, 'log')).toContainText('Written while offline.');
  await api.ops(id, [{ op: 'text.append', id: 'log', text: ' After.' }]);
  await expect(section(page, 'log')).toContainText('Before. Written while offline. After.');

  const states = await pillStates(page);
  expect(states[0]).toBe('live');
  expect(states.at(-1)).toBe('live');
  expect(states.slice(1, -1).length, `states seen: ${states.join(' → ')}`).toBeGreaterThan(0);
  await expect(page.getByTestId('live-problem')).toHaveCount(0);
  await expectNoReload(page, marker);
  expectNoPageErrors(page);
});

/**
 * A TCP proxy in front of the server whose connections can be cut: a real dropped socket, as
 * when a load balancer or the server goes away, without touching the shared server.
 */
class CuttableProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #refusing = false;

  private constructor(server: Server) {
    this.#server = server;
  }

  /** `targetPort` is read per connection, so the proxy may start before its server. */
  static async start(targetPort: () => number): Promise<CuttableProxy> {
    let proxy: CuttableProxy | undefined;
    const server = createServer((client) => proxy?.accept(client, targetPort()));
    proxy = new CuttableProxy(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    const address = this.#server.address();
    if (!address || typeof address === 'string') throw new Error('proxy not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  accept(client: Socket, targetPort: number): void {
    if (this.#refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  /** Drops every open connection and refuses new ones until `restore`. */
  cut(): void {
    this.#refusing = true;
    for (const s of this.#sockets) s.destroy();
  }

  restore(): void {
    this.#refusing = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

test('a dropped socket shows reconnecting, then the page reconnects and catches up', async ({ browser }) => {
  // The page is served through the proxy, so the app's origin is the proxy's: a server of its
  // own with APP_ORIGIN set, as behind any load balancer (the IdP accepts only that origin).
  let target = 0;
  const proxy = await CuttableProxy.start(() => target);
  const server = await startServerProcess({ env: { APP_ORIGIN: proxy.url } });
  target = server.port;
  const context = await browser.newContext();
  try {
    const api = new Api(server.url, () => server.token('alice'));
    const page = await context.newPage();
    await signIn(page, 'alice', `${proxy.url}/`);
    const id = await api.artifact('Dropped', upsertAll([{ id: 'log', type: 'markdown', text: 'Before.' }]));
    await openLive(page, `${proxy.url}/a/${id}`);
    await expect(pill(page)).toHaveAttribute('data-state', 'live');
    const marker = await markDocument(page);

    proxy.cut();
    await expect(pill(page)).toHaveAttribute('data-state', /^(reconnecting|offline)$/);
    await expect(section(page, 'log')).toContainText('Before.');
    await api.ops(id, [{ op: 'text.append', id: 'log', text: ' Written during the outage.' }]);

    proxy.restore();
    await expect(pill(page)).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    await expect(section(page, 'log')).toContainText('Written during the outage.');
    await api.ops(id, [{ op: 'text.append', id: 'log', text: ' After.' }]);
    await expect(section(page, 'log')).toContainText('Before. Written during the outage. After.');
    await expect(page.getByTestId('live-problem')).toHaveCount(0);
    await expectNoReload(page, marker);
    expectNoPageErrors(page);
  } finally {
    await context.close();
    await proxy.close();
    await server.dispose();
  }
});
