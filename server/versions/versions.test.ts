import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactJSON } from '#shared';
import { api, connectViewer, eventually, startTestServer } from '../test-server.ts';
import { artifactToJSON } from '#shared';
import { findExternalReferences } from './external-refs.ts';
import { FROZEN_CSP_META } from './frozen-html.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
});

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

async function artifactWith(ops: unknown[], title = 'Versioned'): Promise<string> {
  const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title });
  const res = await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops });
  expect(res.status).toBe(200);
  return body.id;
}
const ops = (id: string, list: unknown[]) => api(server.url, 'POST', `/api/artifacts/${id}/ops`, { ops: list });
const publish = (id: string, body: unknown = {}) => api<{ version: number; sha256: string; url: string }>(server.url, 'POST', `/api/artifacts/${id}/versions`, body);
const live = async (id: string) => (await api<ArtifactJSON>(server.url, 'GET', `/api/artifacts/${id}`)).body;
const versionJson = async (id: string, n: number) => (await api<ArtifactJSON>(server.url, 'GET', `/api/artifacts/${id}/versions/${n}`)).body;
async function versionHtml(id: string, n: number): Promise<Response> {
  const { body } = await api<{ url: string }>(server.url, 'GET', `/api/artifacts/${id}/versions/${n}/link`);
  return fetch(body.url);
}

describe('publish', () => {
  it('freezes state, JSON, HTML, sha256, author, time, message and git commit', async () => {
    const id = await artifactWith([{ op: 'section.upsert', section: { id: 'a', type: 'markdown', text: '# Hello' } }]);
    const res = await publish(id, { message: 'first cut', gitCommit: 'abc1234' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 1, url: `${server.url}/a/${id}/v/1` });
    const list = await api<{ versions: Record<string, unknown>[] }>(server.url, 'GET', `/api/artifacts/${id}/versions`);
    expect(list.body.versions).toEqual([
      expect.objectContaining({ version: 1, sha256: res.body.sha256, author: 'local', message: 'first cut', gitCommit: 'abc1234' }),
    ]);
    expect(await versionJson(id, 1)).toEqual(await live(id));
    const html = Buffer.from(await (await versionHtml(id, 1)).arrayBuffer());
    expect(createHash('sha256').update(html).digest('hex')).toBe(res.body.sha256);
    expect(html.toString()).toContain('Hello');
  });

  it('refuses bad input clearly', async () => {
    const id = await artifactWith([]);
    expect((await publish(id, { gitCommit: 'not a hash!' })).body).toMatchObject({ error: { code: 'invalid_request', field: 'gitCommit' } });
    expect((await publish(id, { colour: 'red' })).status).toBe(400);
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/versions/7`)).status).toBe(404);
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/versions/abc`)).status).toBe(404);
  });

  it('refuses a page over 16 MiB with 413 and writes nothing', async () => {
    const id = await artifactWith([]);
    const chunk = 'x'.repeat(1_000_000);
    for (let i = 0; i < 18; i++) {
      expect((await ops(id, [{ op: 'section.upsert', section: { id: `s${i}`, type: 'code', language: 'text', code: chunk } }])).status).toBe(200);
    }
    const res = await publish(id);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: 'snapshot_too_large', limitBytes: 16 * 1024 * 1024 } });
    expect((await api<{ versions: unknown[] }>(server.url, 'GET', `/api/artifacts/${id}/versions`)).body.versions).toEqual([]);
  }, 60_000);
});

describe('immutability and restore', () => {
  it('keeps bytes and sha256 of a version through later edits and restores', async () => {
    const id = await artifactWith([
      { op: 'section.upsert', section: { id: 'log', type: 'markdown', text: 'v1 text' } },
      { op: 'section.upsert', section: { id: 'tl', type: 'timeline', events: [{ id: 'e1', at: '2026-11-21T10:00:00Z', title: 'start' }] } },
    ]);
    const v1 = await publish(id);
    const v1Html = Buffer.from(await (await versionHtml(id, 1)).arrayBuffer());
    const v1Json = await versionJson(id, 1);
    await ops(id, [{ op: 'text.append', id: 'log', text: ' and more' }, { op: 'section.remove', id: 'tl' }]);
    await publish(id, { message: 'second' });
    expect((await api(server.url, 'POST', `/api/artifacts/${id}/versions/1/restore`)).status).toBe(201);
    await ops(id, [{ op: 'section.upsert', section: { id: 'new', type: 'callout', text: 'after restore' } }]);
    expect((await api(server.url, 'POST', `/api/artifacts/${id}/versions/2/restore`)).status).toBe(201);
    const again = Buffer.from(await (await versionHtml(id, 1)).arrayBuffer());
    expect(again.equals(v1Html)).toBe(true);
    expect(createHash('sha256').update(again).digest('hex')).toBe(v1.body.sha256);
    expect(await versionJson(id, 1)).toEqual(v1Json);
  });

  it('round trip: publish, edit, restore gives back exactly the version, as a new version, live for viewers', async () => {
    const id = await artifactWith([
      { op: 'meta.set', title: 'Round trip', status: 'draft' },
      { op: 'section.upsert', section: { id: 'md', type: 'markdown', text: 'original' } },
      { op: 'section.upsert', section: { id: 'cl', type: 'checklist', items: [{ id: 'a', text: 'one' }] } },
      { op: 'section.upsert', section: { id: 'ch', type: 'chart', chart: 'bar', series: [{ name: 's', points: [['a', 1]] }] } },
      { op: 'section.upsert', section: { id: 'img', type: 'image', src: PNG, alt: 'dot' } },
    ]);
    await publish(id);
    const version1 = await versionJson(id, 1);
    const viewer = connectViewer(server.url, id);
    await viewer.synced;
    await ops(id, [
      { op: 'meta.set', status: 'final', emoji: '🚀' },
      { op: 'text.set', id: 'md', text: 'rewritten' },
      { op: 'checklist.set', id: 'cl', item: { id: 'a', done: true } },
      { op: 'section.move', id: 'img', after: null },
      { op: 'section.remove', id: 'ch' },
    ]);
    const edited = await live(id);
    const restored = await api<{ version: number; preservedVersion: number | null; unchanged: boolean }>(server.url, 'POST', `/api/artifacts/${id}/versions/1/restore`);
    expect(restored.status).toBe(201);
    // The unpublished edits are frozen first, in the same transaction: nothing is lost.
    expect(restored.body).toMatchObject({ version: 3, preservedVersion: 2, unchanged: false });
    expect(await versionJson(id, 2)).toEqual(edited);
    expect(await live(id)).toEqual(version1);
    expect(await versionJson(id, 3)).toEqual(version1);
    await eventually(() => expect(artifactToJSON(viewer.doc, id)).toEqual(version1));
    const list = await api<{ versions: { version: number; message: string }[] }>(server.url, 'GET', `/api/artifacts/${id}/versions`);
    expect(list.body.versions.map((v) => [v.version, v.message])).toEqual([[3, 'Restored version 1'], [2, 'Before restoring version 1'], [1, null]]);
    viewer.close();
  });

  it('publishing an unchanged document answers the latest version (200, unchanged) and stores nothing', async () => {
    const id = await artifactWith([{ op: 'section.upsert', section: { id: 'md', type: 'markdown', text: 'same' } }]);
    const first = await publish(id, { message: 'first' });
    const again = await publish(id, { message: 'first again' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 1, sha256: first.body.sha256, unchanged: true });
    await ops(id, [{ op: 'text.append', id: 'md', text: '!' }]);
    expect(await publish(id)).toMatchObject({ status: 201, body: { version: 2, unchanged: false } });
    const list = await api<{ versions: { version: number; kind: string }[] }>(server.url, 'GET', `/api/artifacts/${id}/versions`);
    expect(list.body.versions.map((v) => [v.version, v.kind])).toEqual([[2, 'published'], [1, 'published']]);
  });

  it('restore freezes nothing extra when the live document is the latest version, and tells open pages', async () => {
    const id = await artifactWith([{ op: 'section.upsert', section: { id: 'md', type: 'markdown', text: 'one' } }]);
    await publish(id);
    await ops(id, [{ op: 'text.set', id: 'md', text: 'two' }]);
    await publish(id);
    const viewer = connectViewer(server.url, id);
    await viewer.synced;
    const notices: string[] = [];
    viewer.provider.on('stateless', ({ payload }: { payload: string }) => notices.push(payload));
    const restored = await api<{ version: number; preservedVersion: number | null }>(server.url, 'POST', `/api/artifacts/${id}/versions/1/restore`);
    expect(restored).toMatchObject({ status: 201, body: { version: 3, preservedVersion: null } });
    const list = await api<{ versions: { version: number; kind: string }[] }>(server.url, 'GET', `/api/artifacts/${id}/versions`);
    expect(list.body.versions.map((v) => [v.version, v.kind])).toEqual([[3, 'restored'], [2, 'published'], [1, 'published']]);
    await eventually(() => expect(notices.filter((n) => n.startsWith('{')).map((n) => JSON.parse(n) as unknown)).toContainEqual({ type: 'restored', version: 1, actorName: expect.any(String), preservedVersion: null }));
    // Restoring what is already live stores no new version either.
    expect(await api(server.url, 'POST', `/api/artifacts/${id}/versions/3/restore`)).toMatchObject({ status: 200, body: { version: 3, unchanged: true } });
    viewer.close();
  });

  it('a database trigger refuses any update of a version row', async () => {
    const id = await artifactWith([{ op: 'section.upsert', section: { id: 'a', type: 'markdown', text: 'x' } }]);
    await publish(id);
    await expect(server.store.db.query(`update versions set message = 'tampered' where artifact_id = $1`, [id])).rejects.toThrow(/immutable/);
  });
});

describe('frozen HTML', () => {
  const hostile = [
    { op: 'meta.set', title: '<script>alert(1)</script><meta http-equiv="refresh" content="0;url=http://evil.example/">' },
    {
      op: 'section.upsert',
      section: {
        id: 'md',
        type: 'markdown',
        text: [
          '<img src=http://evil.example/a.png> <script>fetch("http://evil.example")</script>',
          '![x](http://evil.example/b.png) [link](https://evil.example/c)',
          '<style>@import url(http://evil.example/d.css); body{background:url(http://evil.example/e.png)}</style>',
          '<meta http-equiv=refresh content="0;url=http://evil.example"> <base href="http://evil.example/">',
          '<iframe src=http://evil.example></iframe> <a href="javascript:alert(1)">js</a>',
        ].join('\n\n'),
      },
    },
    { op: 'section.upsert', section: { id: 'ch', type: 'chart', xLabel: '</text><image href="http://evil.example/f.png"/>', yLabel: 'url(http://evil.example/g)', series: [{ name: '<script>new WebSocket("ws://evil.example")</script>', points: [[1, 1], [2, 3]] }] } },
    { op: 'section.upsert', section: { id: 'img', type: 'image', src: PNG, alt: '"><img src=http://evil.example/h.png>' } },
    { op: 'section.upsert', section: { id: 'tb', type: 'table', columns: ['<a href=http://evil.example>x</a>'], rows: [['@import "http://evil.example/i.css"']] } },
    { op: 'section.upsert', section: { id: 'code', type: 'code', language: 'html', code: '<link rel=stylesheet href=http://evil.example/j.css>' } },
  ];

  it('contains no external reference of any kind, checked by parsing it', async () => {
    const id = await artifactWith(hostile, 'Hostile');
    await publish(id);
    const res = await versionHtml(id, 1);
    const html = await res.text();
    expect(findExternalReferences(html)).toEqual([]);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${FROZEN_CSP_META}">`);
    // The hostile text is still there, as text.
    expect(html).toContain('evil.example');
  });

  it('the checker itself finds each kind of reference', () => {
    expect(
      findExternalReferences(
        '<html><head><base href="http://a"><link rel=stylesheet href=http://b><meta http-equiv=refresh content=0><style>@import "c.css"; p{background:url(http://d)}</style></head>' +
          '<body><img src=http://e><img src="data:image/png;base64,AA=="><a href="#x">ok</a><a href="https://f">f</a><p style="background:url(//g)"></p><script></script><svg><image xlink:href="http://h"/></svg></body></html>',
      ),
    ).toEqual([
      '<base>',
      'base[href=http://a]',
      '<link>',
      'link[href=http://b]',
      '<meta http-equiv=refresh>',
      '@import "c.css"',
      'url(http://d)',
      'img[src=http://e]',
      'a[href=https://f]',
      'url(//g)',
      '<script>',
      'image[xlink:href=http://h]',
    ]);
  });

  it('is served from the user-content origin with the strict policy, only through a valid signed link', async () => {
    const id = await artifactWith([{ op: 'section.upsert', section: { id: 'a', type: 'markdown', text: 'served' } }]);
    await publish(id);
    const { body } = await api<{ url: string; expiresAt: string }>(server.url, 'GET', `/api/artifacts/${id}/versions/1/link`);
    expect(body.url.startsWith(server.usercontentUrl)).toBe(true);
    const res = await fetch(body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(`${FROZEN_CSP_META}; sandbox; frame-ancestors ${server.url}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('set-cookie')).toBeNull();
    const url = new URL(body.url);
    const tampered = new URL(url);
    tampered.searchParams.set('sig', `${url.searchParams.get('sig')?.slice(0, -2)}AA`);
    expect((await fetch(tampered)).status).toBe(403);
    const otherVersion = new URL(url);
    otherVersion.pathname = otherVersion.pathname.replace(/\/1$/, '/2');
    expect((await fetch(otherVersion)).status).toBe(403);
    const expired = new URL(url);
    expired.searchParams.set('exp', String(Math.floor(Date.now() / 1000) - 10));
    expect((await fetch(expired)).status).toBe(403);
    expect((await fetch(`${server.usercontentUrl}/api/artifacts`)).status).toBe(404);
  });

  it('is not served when its stored bytes no longer match the sha256', async () => {
    const id = await artifactWith([{ op: 'section.upsert', section: { id: 'a', type: 'markdown', text: 'integrity' } }]);
    await publish(id);
    await server.store.db.query('alter table versions disable trigger versions_no_update');
    try {
      await server.store.db.query(`update versions set html = convert_to('<p>swapped</p>', 'UTF8') where artifact_id = $1`, [id]);
    } finally {
      await server.store.db.query('alter table versions enable trigger versions_no_update');
    }
    const res = await versionHtml(id, 1);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('swapped');
  });
});

describe('gallery, pinning and diff', () => {
  it('filters by title and kind and reports the latest version', async () => {
    const { body: a } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'Zebra 100% done_ report', kind: 'report' });
    await api(server.url, 'POST', '/api/artifacts', { title: 'Zebra incident', kind: 'incident' });
    await publish(a.id);
    await ops(a.id, [{ op: 'meta.set', status: 'second' }]);
    await publish(a.id);
    const search = async (query: string) => (await api<{ artifacts: { id: string; title: string; latestVersion: number | null }[] }>(server.url, 'GET', `/api/artifacts?${query}`)).body.artifacts;
    expect((await search('q=zebra')).map((x) => x.title).sort()).toEqual(['Zebra 100% done_ report', 'Zebra incident']);
    expect((await search('q=zebra&kind=report')).map((x) => [x.id, x.latestVersion])).toEqual([[a.id, 2]]);
    expect((await search('q=100%25')).map((x) => x.id)).toEqual([a.id]);
    expect((await search('q=0%25 done')).map((x) => x.id)).toEqual([a.id]);
    expect(await search('q=%25%25%25nothing')).toEqual([]);
  });

  it('pins what viewers see to a version that exists', async () => {
    const id = await artifactWith([{ op: 'section.upsert', section: { id: 'a', type: 'markdown', text: 'pin me' } }]);
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/settings`)).body).toEqual({ view: { mode: 'live' } });
    expect((await api(server.url, 'PUT', `/api/artifacts/${id}/settings`, { view: { mode: 'pinned', version: 1 } })).body).toMatchObject({ error: { code: 'unknown_version' } });
    await publish(id);
    expect((await api(server.url, 'PUT', `/api/artifacts/${id}/settings`, { view: { mode: 'pinned', version: 1 } })).body).toEqual({ view: { mode: 'pinned', version: 1 } });
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/settings`)).body).toEqual({ view: { mode: 'pinned', version: 1 } });
    expect((await api(server.url, 'PUT', `/api/artifacts/${id}/settings`, { view: { mode: 'live' } })).body).toEqual({ view: { mode: 'live' } });
  });

  it('diffs two versions, or a version and the live document, section by section', async () => {
    const id = await artifactWith([
      { op: 'section.upsert', section: { id: 'md', type: 'markdown', text: 'line one\nline two' } },
      { op: 'section.upsert', section: { id: 'gone', type: 'callout', text: 'bye' } },
    ]);
    await publish(id);
    await ops(id, [
      { op: 'text.set', id: 'md', text: 'line one\nline 2' },
      { op: 'section.remove', id: 'gone' },
      { op: 'section.upsert', section: { id: 'tl', type: 'timeline' } },
    ]);
    await publish(id);
    const diff = await api<{ summary: Record<string, number> }>(server.url, 'GET', `/api/artifacts/${id}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body.summary).toMatchObject({ added: 1, removed: 1, changed: 1 });
    const toLive = await api<{ summary: Record<string, number> }>(server.url, 'GET', `/api/artifacts/${id}/diff?from=2&to=live`);
    expect(toLive.body.summary).toMatchObject({ added: 0, removed: 0, changed: 0 });
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/diff?from=1&to=9`)).status).toBe(404);
    expect((await api(server.url, 'GET', `/api/artifacts/${id}/diff?from=x&to=1`)).status).toBe(400);
  });
});
