import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactJSON } from '#shared';
import { TEMPLATE_NAMES } from '#shared/templates';
import { api, startTestServer } from '../test-server.ts';

/*
 * Creating from a template (one first write: meta and skeleton), and a version's git commit:
 * short or full hex and the repository it is linked in.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.dispose();
});

const create = (body: unknown) => api<{ id: string; url: string; error?: { code: string; field?: string } }>(server.url, 'POST', '/api/artifacts', body);
const live = async (id: string) => (await api<ArtifactJSON>(server.url, 'GET', `/api/artifacts/${id}`)).body;
const publish = (id: string, body: unknown) => api<{ version: number; error?: { code: string; field?: string; message: string } }>(server.url, 'POST', `/api/artifacts/${id}/versions`, body);
const versions = async (id: string) => (await api<{ versions: { version: number; gitCommit: string | null; repositoryUrl: string | null }[] }>(server.url, 'GET', `/api/artifacts/${id}/versions`)).body.versions;

describe('POST /api/artifacts with a template', () => {
  it.each(TEMPLATE_NAMES)('%s: the artifact starts as the skeleton, of the template kind', async (name) => {
    const res = await create({ title: `From ${name}`, template: name });
    expect(res.status).toBe(201);
    const json = await live(res.body.id);
    expect(json.meta).toMatchObject({ title: `From ${name}`, kind: name });
    expect(json.sections.length).toBeGreaterThanOrEqual(3);
  });

  it('the pr skeleton has its sections in order; an explicit kind wins over the template kind', async () => {
    const res = await create({ title: 'Walkthrough', template: 'pr', kind: 'review' });
    const json = await live(res.body.id);
    expect(json.meta.kind).toBe('review');
    expect(json.sections.map((s) => [s.id, s.type])).toEqual([
      ['summary', 'markdown'],
      ['files', 'table'],
      ['commits', 'timeline'],
      ['review', 'checklist'],
    ]);
  });

  it('the skeleton is in the first stored change: the update log holds one entry', async () => {
    const res = await create({ title: 'One write', template: 'incident' });
    expect(await server.store.countUpdates(res.body.id)).toBe(1);
  });

  it('an unknown template is refused with the field named, and nothing is created', async () => {
    const before = (await api<{ artifacts: unknown[] }>(server.url, 'GET', '/api/artifacts')).body.artifacts.length;
    const res = await create({ title: 'Nope', template: 'postmortem' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', field: 'template' });
    expect((await api<{ artifacts: unknown[] }>(server.url, 'GET', '/api/artifacts')).body.artifacts).toHaveLength(before);
  });
});

describe('publish with a git commit and repository', () => {
  it('accepts short and full hex, stores the repository URL without .git or a trailing slash, and lists both', async () => {
    const { body } = await create({ title: 'Commits' });
    const full = 'A'.repeat(40);
    expect((await publish(body.id, { gitCommit: 'abcd' })).status).toBe(201);
    await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: 'n', type: 'markdown', text: 'x' } }] });
    expect((await publish(body.id, { gitCommit: full, repositoryUrl: 'https://github.com/org/repo.git/' })).status).toBe(201);
    expect(await versions(body.id)).toEqual([
      expect.objectContaining({ version: 2, gitCommit: full.toLowerCase(), repositoryUrl: 'https://github.com/org/repo' }),
      expect.objectContaining({ version: 1, gitCommit: 'abcd', repositoryUrl: null }),
    ]);
  });

  it('the frozen page names the commit and repository as text, not as a link', async () => {
    const { body } = await create({ title: 'Frozen commit' });
    await publish(body.id, { gitCommit: '0123456789abcdef', repositoryUrl: 'https://git.example.com/team/app' });
    const { body: link } = await api<{ url: string }>(server.url, 'GET', `/api/artifacts/${body.id}/versions/1/link`);
    const html = await (await fetch(link.url)).text();
    expect(html).toContain('commit <code title="0123456789abcdef">0123456789ab</code> in https://git.example.com/team/app');
    expect(html).not.toContain('href="https://git.example.com');
  });

  it.each([
    ['gitCommit', { gitCommit: 'abc' }],
    ['gitCommit', { gitCommit: 'g'.repeat(7) }],
    ['gitCommit', { gitCommit: 'a'.repeat(65) }],
    ['repositoryUrl', { gitCommit: 'abcd', repositoryUrl: 'javascript:alert(1)' }],
    ['repositoryUrl', { gitCommit: 'abcd', repositoryUrl: 'http://github.com/org/repo' }],
    ['repositoryUrl', { gitCommit: 'abcd', repositoryUrl: 'https://user:pw@github.com/org/repo' }],
    ['repositoryUrl', { gitCommit: 'abcd', repositoryUrl: 'https://github.com/org/repo?x=1' }],
    ['repositoryUrl', { gitCommit: 'abcd', repositoryUrl: 'https://github.com' }],
    ['repositoryUrl', { gitCommit: 'abcd', repositoryUrl: 'https://github.com/org/"><script>' }],
    ['repositoryUrl', { gitCommit: 'abcd', repositoryUrl: 'https://github.com/../evil' }],
    ['repositoryUrl', { repositoryUrl: 'https://github.com/org/repo' }],
  ])('refuses a bad %s (%j) with invalid_request naming the field, storing nothing', async (field, input) => {
    const { body } = await create({ title: 'Bad commit' });
    const res = await publish(body.id, input);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', field });
    expect(await versions(body.id)).toEqual([]);
  });
});
