import { describe, expect, it } from 'vitest';
import { ArtifactsClient, ArtifactsError, type FetchLike } from './index.ts';

interface Seen {
  url: string;
  method: string;
  body: unknown;
}

/** A fetch that records each request and answers with the next canned response. */
function cannedFetch(...answers: { status?: number; body: unknown }[]) {
  const seen: Seen[] = [];
  const fetch: FetchLike = async (url, init) => {
    seen.push({ url, method: String(init.method), body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined });
    const answer = answers.shift() ?? { status: 500, body: {} };
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(text, { status: answer.status ?? 200 });
  };
  return { client: new ArtifactsClient({ baseUrl: 'http://api.test', fetch }), seen };
}

const ID = 'abcdefghijklmnop';
const BASE = `http://api.test/api/artifacts/${ID}`;

describe('ArtifactsClient versions, diff and settings', () => {
  it.each<[string, (c: ArtifactsClient) => Promise<unknown>, unknown, Omit<Seen, 'body'> & { body?: unknown }, unknown]>([
    [
      'publish',
      (c) => c.publish(ID, { message: 'Root cause', gitCommit: 'abc1234' }),
      { version: 3, sha256: 'f00', url: `http://app.test/a/${ID}/v/3` },
      { method: 'POST', url: `${BASE}/versions`, body: { message: 'Root cause', gitCommit: 'abc1234' } },
      { version: 3, sha256: 'f00', url: `http://app.test/a/${ID}/v/3`, unchanged: false },
    ],
    ['publish without input', (c) => c.publish(ID), { version: 1, sha256: 'x', url: 'u', unchanged: true }, { method: 'POST', url: `${BASE}/versions`, body: {} }, { version: 1, sha256: 'x', url: 'u', unchanged: true }],
    ['versions', (c) => c.versions(ID), { versions: [] }, { method: 'GET', url: `${BASE}/versions` }, []],
    [
      'version',
      (c) => c.version(ID, 2),
      { id: ID, meta: { title: 'T', kind: 'k' }, sections: [] },
      { method: 'GET', url: `${BASE}/versions/2` },
      { id: ID, meta: { title: 'T', kind: 'k' }, sections: [] },
    ],
    [
      'versionLink',
      (c) => c.versionLink(ID, 2),
      { url: 'http://uc.test/v/sig', expiresAt: '2025-01-01T00:05:00Z' },
      { method: 'GET', url: `${BASE}/versions/2/link` },
      { url: 'http://uc.test/v/sig', expiresAt: '2025-01-01T00:05:00Z' },
    ],
    ['versionHtml', (c) => c.versionHtml(ID, 2), '<!doctype html><p>frozen', { method: 'GET', url: `${BASE}/versions/2/html` }, '<!doctype html><p>frozen'],
    [
      'restore',
      (c) => c.restore(ID, 1),
      { version: 4, sha256: 'y', url: 'u', unchanged: false, preservedVersion: 3 },
      { method: 'POST', url: `${BASE}/versions/1/restore` },
      { version: 4, sha256: 'y', url: 'u', unchanged: false, preservedVersion: 3 },
    ],
    [
      'diff against live',
      (c) => c.diff(ID, 2, 'live'),
      { meta: {}, added: [], removed: [], moved: [], changed: [], summary: { added: 0, removed: 0, moved: 0, changed: 0 } },
      { method: 'GET', url: `${BASE}/diff?from=2&to=live` },
      { meta: {}, added: [], removed: [], moved: [], changed: [], summary: { added: 0, removed: 0, moved: 0, changed: 0 } },
    ],
    ['settings', (c) => c.settings(ID), { view: { mode: 'live' } }, { method: 'GET', url: `${BASE}/settings` }, { view: { mode: 'live' } }],
    [
      'updateSettings',
      (c) => c.updateSettings(ID, { view: { mode: 'pinned', version: 2 } }),
      { view: { mode: 'pinned', version: 2 } },
      { method: 'PUT', url: `${BASE}/settings`, body: { view: { mode: 'pinned', version: 2 } } },
      { view: { mode: 'pinned', version: 2 } },
    ],
    ['list with filters', (c) => c.list({ q: 'db & cache', kind: 'incident' }), { artifacts: [] }, { method: 'GET', url: 'http://api.test/api/artifacts?q=db+%26+cache&kind=incident' }, []],
    ['list without filters', (c) => c.list({ q: '' }), { artifacts: [] }, { method: 'GET', url: 'http://api.test/api/artifacts' }, []],
  ])('%s', async (_name, call, answer, request, result) => {
    const { client, seen } = cannedFetch({ body: answer });
    await expect(call(client)).resolves.toEqual(result);
    expect(seen).toEqual([{ body: undefined, ...request }]);
  });

  it.each<[string, (c: ArtifactsClient) => Promise<unknown>, unknown]>([
    ['publish', (c) => c.publish(ID), { ok: true }],
    ['versions', (c) => c.versions(ID), { items: [] }],
    ['versionLink', (c) => c.versionLink(ID, 1), { url: 'x' }],
    ['restore', (c) => c.restore(ID, 1), {}],
    ['diff', (c) => c.diff(ID, 1, 2), { added: [] }],
    ['settings', (c) => c.settings(ID), { view: { mode: 'pinned' } }],
  ])('%s rejects an answer of the wrong shape as bad_response', async (_name, call, answer) => {
    const { client } = cannedFetch({ body: answer });
    await expect(call(client)).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('maps a too-large snapshot to its stable code', async () => {
    const { client } = cannedFetch({ status: 413, body: { error: { code: 'snapshot_too_large', message: 'the frozen page would be 17 MiB', limitBytes: 16_777_216 } } });
    const error = await client.publish(ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactsError);
    expect(error).toMatchObject({ status: 413, code: 'snapshot_too_large', details: { limitBytes: 16_777_216 } });
  });

  it('reads an error answer of a text call as an error, not as text', async () => {
    const { client } = cannedFetch({ status: 404, body: { error: { code: 'not_found', message: 'no such version' } } });
    await expect(client.versionHtml(ID, 9)).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });
});
