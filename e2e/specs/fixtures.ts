import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { signIn } from '../support/sign-in.ts';

/**
 * One real server (child process, free port, fresh data dir, its embedded IdP) per worker.
 * `baseURL` points at it, so specs navigate with relative paths (`page.goto('/a/…')`). `page`
 * is signed in as alice (acme, author) through the IdP's login page; `api` calls the HTTP API
 * with alice's token, as an agent of hers would. `apiAs('bob')` and `signedInPage('vic')` give
 * other demo users.
 */
export const test = base.extend<{ api: Api; apiAs: (user: string) => Api; signedInPage: (user: string) => Promise<Page> }, { server: ServerProcess }>({
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
  page: async ({ page }, use) => {
    await signIn(page, 'alice');
    await use(page);
  },
  api: async ({ server }, use) => {
    await use(new Api(server.url, () => server.token('alice')));
  },
  apiAs: async ({ server }, use) => {
    await use((user) => new Api(server.url, () => server.token(user)));
  },
  signedInPage: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (user) => {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      await signIn(page, user);
      return page;
    });
    for (const context of contexts) await context.close();
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

/** The HTTP API as an agent uses it, with a real token of the user it acts for. */
export class Api {
  private token: { value: Promise<string>; atMs: number } | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly newToken: () => Promise<string>,
  ) {}

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

  /** PUT /api/artifacts/:id/settings: pin `version` for readers, or `null` to show them the live document. */
  async pin(id: string, version: number | null): Promise<void> {
    await this.call('PUT', `/api/artifacts/${id}/settings`, { view: version === null ? { mode: 'live' } : { mode: 'pinned', version } });
  }

  /** The live state as JSON. */
  async get(id: string): Promise<{ meta: Record<string, unknown>; sections: Array<{ id: string } & Record<string, unknown>> }> {
    return (await this.call('GET', `/api/artifacts/${id}`)) as { meta: Record<string, unknown>; sections: Array<{ id: string } & Record<string, unknown>> };
  }

  /** A version's frozen JSON. */
  async version(id: string, n: number): Promise<{ meta: Record<string, unknown>; sections: Array<{ id: string } & Record<string, unknown>> }> {
    return (await this.call('GET', `/api/artifacts/${id}/versions/${n}`)) as { meta: Record<string, unknown>; sections: Array<{ id: string } & Record<string, unknown>> };
  }

  /** `/api/config`: the public settings, among them the user-content origin. */
  async config(): Promise<{ usercontentOrigin: string }> {
    return (await this.call('GET', '/api/config')) as { usercontentOrigin: string };
  }

  async list(): Promise<ArtifactSummary[]> {
    const res = await this.call('GET', '/api/artifacts');
    return (res as { artifacts: ArtifactSummary[] }).artifacts;
  }

  /** PUT /api/artifacts/:id/sharing. */
  async share(id: string, sharing: { visibility: 'private' | 'org' | 'restricted'; users?: string[]; groups?: string[] }): Promise<void> {
    await this.call('PUT', `/api/artifacts/${id}/sharing`, sharing);
  }

  /** DELETE /api/artifacts/:id (owner only; answers 204 without a body). */
  async delete(id: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/artifacts/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${await this.bearer()}` } });
    if (response.status !== 204) throw new Error(`DELETE /api/artifacts/${id} → ${response.status} ${await response.text()}`);
  }

  /** Who the token says the caller is. */
  async me(): Promise<{ userId: string; name: string; orgId: string }> {
    return (await this.call('GET', '/api/me')) as { userId: string; name: string; orgId: string };
  }

  /** A new token when the current one has less than 10 s left (by its `exp`). */
  private async bearer(): Promise<string> {
    const current = this.token && (await this.token.value);
    if (!current || expiresAtMs(current) - Date.now() < 10_000) this.token = { value: this.newToken(), atMs: Date.now() };
    return (this.token as { value: Promise<string> }).value;
  }

  private async call(method: string, route: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.bearer()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init: RequestInit = { method, headers };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(`${this.baseUrl}${route}`, init);
    const json: unknown = await response.json();
    if (!response.ok) throw new Error(`${method} ${route} → ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
}

function expiresAtMs(jwt: string): number {
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { exp?: number };
  return (payload.exp ?? 0) * 1_000;
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
