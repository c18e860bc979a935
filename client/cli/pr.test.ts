import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactJSON, CodeSection, TableSection, TimelineSection } from '#shared';
import { serverForFile } from '../../e2e/support/server-for-file.ts';
import type { ServerProcess } from '../../e2e/support/server-process.ts';
import { ArtifactsClient } from '../sdk/index.ts';
import { buildWalkthrough, fileSectionId } from './commands/pr-walkthrough.ts';
import { syncOps } from './commands/pr.ts';
import { readChanges, resolveRange } from './git/index.ts';
import { startCli, type CliResult } from './test-cli.ts';

/*
 * `artifacts pr` against a real repository made here: a branch with a modified, an added, a
 * binary, a renamed and a deleted file; then one more commit that reverts one file and adds
 * another.
 */

let server: ServerProcess;
let token: string;
let client: ArtifactsClient;
serverForFile((s, t) => {
  server = s;
  token = t;
  client = new ArtifactsClient({ baseUrl: s.url, token: t });
});

let repo: string;
let notRepo: string;
const GIT_ENV = { GIT_AUTHOR_NAME: 'Ada Author', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada Author', GIT_COMMITTER_EMAIL: 'ada@example.com', GIT_CONFIG_NOSYSTEM: '1' };
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
const write = (file: string, content: string | Buffer) => writeFileSync(path.join(repo, file), content);
const commit = (message: string) => {
  git('add', '-A');
  git('commit', '-q', '-m', message);
};

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'la-pr-repo-'));
  notRepo = mkdtempSync(path.join(tmpdir(), 'la-pr-plain-'));
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'git@github.com:acme/shop.git');
  write('app.ts', 'export const a = 1;\nexport const b = 2;\n');
  write('notes.txt', 'remove me\n');
  write('old-name.md', '# Guide\n\nSteps one to ten, long enough to be seen as the same file.\n');
  commit('Initial');
  git('checkout', '-q', '-b', 'feature/cart');
  write('app.ts', 'export const a = 1;\nexport const b = 3;\nexport const c = 4;\n');
  write('cart.ts', 'export function total(items: number[]): number {\n  return items.reduce((n, i) => n + i, 0);\n}\n');
  write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 1, 2, 3, 0, 255]));
  unlinkSync(path.join(repo, 'notes.txt'));
  git('mv', 'old-name.md', 'new-name.md');
  commit('Add a cart\n\nThe cart sums item prices; the guide moves to its new name.');
  write('cart.ts', 'export function total(items: number[]): number {\n  return items.reduce((n, i) => n + i, 0) * 1;\n}\n');
  commit('Tidy the cart');
});

afterAll(() => {
  for (const dir of [repo, notRepo]) if (dir) rmSync(dir, { recursive: true, force: true });
});

function pr(args: string[], cwd = repo): Promise<CliResult> {
  const { child, done } = startCli(['pr', ...args], { ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: token }, cwd);
  child.stdin.end();
  return done;
}

const section = <T>(json: ArtifactJSON, id: string) => json.sections.find((s) => s.id === id) as T | undefined;

describe('artifacts pr', { timeout: 60_000 }, () => {
  let id = '';
  let firstIds: string[] = [];

  it('builds the walkthrough of the branch against main: summary, files, commits, review, one diff per file', async () => {
    const result = await pr(['--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const out = JSON.parse(result.stdout) as { id: string; url: string; version?: number };
    id = out.id;
    expect(out).toEqual({ id, url: `${server.url}/a/${id}` });
    expect(git('config', '--local', 'live-artifacts.branch.feature/cart.artifact')).toBe(id);

    const json = await client.get(id);
    expect(json.meta).toMatchObject({ title: 'PR: feature/cart', kind: 'pr' });
    const diffIds = ['app.ts', 'cart.ts', 'logo.png', 'new-name.md', 'notes.txt'].map(fileSectionId);
    expect(json.sections.map((s) => s.id)).toEqual(['summary', 'files', 'commits', 'review', ...diffIds]);
    firstIds = json.sections.map((s) => s.id);

    const summary = section<{ text: string }>(json, 'summary')?.text ?? '';
    expect(summary).toContain('**2 commits**, **5 files** changed');
    expect(summary).toContain('The cart sums item prices');
    expect(summary).toMatch(/- Add a cart \(`[0-9a-f]{7}`\)\n- Tidy the cart/);

    expect(section<TableSection>(json, 'files')?.rows).toEqual([
      ['app.ts', 2, 1, 'modified'],
      ['cart.ts', 3, 0, 'added'],
      ['logo.png', '–', '–', 'added (binary)'],
      ['old-name.md → new-name.md', 0, 0, 'renamed'],
      ['notes.txt', 0, 1, 'deleted'],
    ]);
    const commits = section<TimelineSection>(json, 'commits');
    expect(commits?.events.map((e) => [e.title, e.actor])).toEqual([
      ['Add a cart', 'Ada Author'],
      ['Tidy the cart', 'Ada Author'],
    ]);
    const app = section<CodeSection>(json, fileSectionId('app.ts'));
    expect(app).toMatchObject({ type: 'code', title: 'app.ts', language: 'typescript', collapsed: false });
    expect(app?.diff).toMatch(/@@ -1,2 \+1,3 @@\n export const a = 1;\n-export const b = 2;\n\+export const b = 3;\n\+export const c = 4;/);
    expect(section<CodeSection>(json, fileSectionId('logo.png'))?.diff).toMatch(/^Binary files \/dev\/null and b\/logo.png differ$/m);
    expect(section<CodeSection>(json, fileSectionId('new-name.md'))).toMatchObject({ title: 'old-name.md → new-name.md' });
  });

  it('a second run after one more commit updates the same artifact: same ids, the new file added, the reverted file removed', async () => {
    // Tick a review item: a rerun must not untick it.
    await client.ops(id, [{ op: 'checklist.set', id: 'review', item: { id: 'tests', done: true } }]);
    git('checkout', '-q', 'main', '--', 'app.ts');
    write('discount.ts', 'export const discount = 0.1;\n');
    commit('Revert app.ts; add a discount');

    const result = await pr([]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`${id}\n${server.url}/a/${id}\n`);
    const json = await client.get(id);
    const ids = json.sections.map((s) => s.id);
    expect(ids).not.toContain(fileSectionId('app.ts'));
    expect(ids).toEqual(['summary', 'files', 'commits', 'review', ...['cart.ts', 'discount.ts', 'logo.png', 'new-name.md', 'notes.txt'].map(fileSectionId)]);
    for (const kept of firstIds.filter((s) => s !== fileSectionId('app.ts'))) expect(ids).toContain(kept);
    expect(section<TimelineSection>(json, 'commits')?.events).toHaveLength(3);
    expect(section<{ items: { id: string; done: boolean }[] }>(json, 'review')?.items.find((i) => i.id === 'tests')?.done).toBe(true);

    // Nothing changed since: a run now would send no op at all.
    const range = await resolveRange(repo, undefined);
    expect(syncOps(json, buildWalkthrough(await readChanges(repo, range.baseSha, range.headSha), range), false)).toEqual([]);
  });

  it('--publish records the head commit and the origin as an https repository URL', async () => {
    const result = await pr(['--publish', '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({ id, url: `${server.url}/a/${id}`, version: 1 });
    const [latest] = await client.versions(id);
    expect(latest).toMatchObject({ version: 1, gitCommit: git('rev-parse', 'HEAD'), repositoryUrl: 'https://github.com/acme/shop', message: `main..HEAD at ${git('rev-parse', '--short=7', 'HEAD')}` });
  });

  it('an explicit range works, and bad ranges and places fail clearly', async () => {
    const explicit = await pr(['main..feature/cart~1', '--json', '--title', 'First commit only']);
    expect(explicit.code).toBe(0);
    expect((JSON.parse(explicit.stdout) as { id: string }).id).toBe(id);
    expect((await client.get(id)).meta.title).toBe('First commit only');

    expect(await pr([], notRepo)).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error not_a_git_repository: .* is not inside a git repository/) });
    expect(await pr(['HEAD..HEAD'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error empty_range: no commits in/) });
    expect(await pr(['nope..HEAD'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error unknown_ref: 'nope' names no commit/) });
    expect(await pr(['main'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: 'main' is not a range/) });
  });
});
