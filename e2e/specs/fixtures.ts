import { test as base, expect, type Page } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

/**
 * One real server (child process, free port, fresh data dir) per worker. `baseURL` points at
 * it, so specs navigate with relative paths (`page.goto('/a/…')`).
 */
export const test = base.extend<{ api: Api }, { server: ServerProcess }>({
  server: [
    async ({}, use) => {
      const server = await startServerProcess();
      await use(server);
      await server.dispose();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
  api: async ({ server }, use) => {
    await use(new Api(server.url));
  },
});
export { expect } from '@playwright/test';

export interface ArtifactSummary {
  id: string;
  title: string;
  updatedAt: string;
}

export interface VersionSummary {
  version: number;
  author: string;
  message: string | null;
  gitCommit: string | null;
  createdAt: string;
}

/** The HTTP API as an agent uses it. */
export class Api {
  constructor(readonly baseUrl: string) {}

  async create(title: string, kind?: string): Promise<string> {
    const res = await this.call('POST', '/api/artifacts', kind === undefined ? { title } : { title, kind });
    return (res as { id: string }).id;
  }

  async ops(id: string, ops: unknown[]): Promise<void> {
    await this.call('POST', `/api/artifacts/${id}/ops`, { ops });
  }

  /** `create` plus one batch of ops: a ready-made artifact. */
  async artifact(title: string, ops: unknown[]): Promise<string> {
    const id = await this.create(title);
    if (ops.length) await this.ops(id, ops);
    return id;
  }

  /** Publishes the live document; resolves to the new version number. */
  async publish(id: string, body: Record<string, unknown> = {}): Promise<number> {
    return ((await this.call('POST', `/api/artifacts/${id}/versions`, body)) as { version: number }).version;
  }

  /** A fresh signed link to a frozen version on the user-content origin. */
  async versionLink(id: string, version: number): Promise<string> {
    return ((await this.call('GET', `/api/artifacts/${id}/versions/${version}/link`)) as { url: string }).url;
  }

  /** Every version of an artifact, newest first, as `GET /api/artifacts/:id/versions` lists them. */
  async versions(id: string): Promise<VersionSummary[]> {
    return ((await this.call('GET', `/api/artifacts/${id}/versions`)) as { versions: VersionSummary[] }).versions;
  }

  /** What viewers see: `{mode:'live'}` or `{mode:'pinned',version}`. */
  async viewSetting(id: string): Promise<{ mode: 'live' } | { mode: 'pinned'; version: number }> {
    return ((await this.call('GET', `/api/artifacts/${id}/settings`)) as { view: { mode: 'live' } | { mode: 'pinned'; version: number } }).view;
  }

  /** The live state as JSON. */
  async get(id: string): Promise<{ meta: Record<string, unknown>; sections: Array<{ id: string } & Record<string, unknown>> }> {
    return (await this.call('GET', `/api/artifacts/${id}`)) as { meta: Record<string, unknown>; sections: Array<{ id: string } & Record<string, unknown>> };
  }

  /** `/api/config`: the public settings, among them the user-content origin. */
  async config(): Promise<{ usercontentOrigin: string }> {
    return (await this.call('GET', '/api/config')) as { usercontentOrigin: string };
  }

  async list(): Promise<ArtifactSummary[]> {
    const res = await this.call('GET', '/api/artifacts');
    return (res as { artifacts: ArtifactSummary[] }).artifacts;
  }

  private async call(method: string, route: string, body?: unknown): Promise<unknown> {
    const init: RequestInit = { method };
    if (body !== undefined) init.body = JSON.stringify(body);
    if (body !== undefined) init.headers = { 'content-type': 'application/json' };
    const response = await fetch(`${this.baseUrl}${route}`, init);
    const json: unknown = await response.json();
    if (!response.ok) throw new Error(`${method} ${route} → ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
}

/** `section.upsert` ops that lay the sections out in the order given. */
export function upsertAll(sections: Array<{ id: string } & Record<string, unknown>>): unknown[] {
  let after: string | null = null;
  return sections.map((section) => {
    const op = { op: 'section.upsert', section, after };
    after = section.id;
    return op;
  });
}

/**
 * Opens `/a/:id` (relative to baseURL, or absolute) and waits until the synced document is on
 * screen, failing on any uncaught page error from then on.
 */
export async function openLive(page: Page, idOrUrl: string): Promise<void> {
  trackPageErrors(page);
  await page.goto(idOrUrl.includes('/') ? idOrUrl : `/a/${idOrUrl}`);
  await expect(page.locator('la-live-view[data-synced]')).toBeAttached();
}

/** The `<la-section>` of a section id. */
export function section(page: Page, id: string) {
  return page.locator(`la-section[data-section-id="${id}"]`);
}

/** Marks the current document so a later `expectNoReload` can tell it was not replaced. */
export async function markDocument(page: Page): Promise<string> {
  const marker = `m${Math.random().toString(36).slice(2)}`;
  await page.evaluate((m) => ((window as unknown as { __marker: string }).__marker = m), marker);
  return marker;
}

/** The page still shows the document `markDocument` marked: nothing reloaded or navigated. */
export async function expectNoReload(page: Page, marker: string): Promise<void> {
  const state = await page.evaluate(() => ({
    marker: (window as unknown as { __marker?: string }).__marker,
    navigations: performance.getEntriesByType('navigation').length,
  }));
  expect(state.marker, 'window marker survives (no reload)').toBe(marker);
  expect(state.navigations).toBe(1);
}

const tracked = new WeakSet<Page>();
const pageErrors = new WeakMap<Page, string[]>();

/** Collects uncaught exceptions of a page; `expectNoPageErrors` asserts there were none. */
export function trackPageErrors(page: Page): void {
  if (tracked.has(page)) return;
  tracked.add(page);
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(String(error)));
}

export function expectNoPageErrors(page: Page): void {
  expect(pageErrors.get(page) ?? [], 'uncaught errors in the page').toEqual([]);
}
