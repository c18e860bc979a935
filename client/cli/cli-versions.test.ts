import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactDiffSchema, artifactListSchema, artifactSettingsSchema, publishedSchema, restoredSchema, sharingSchema, versionListSchema } from '#shared/api';
import { startServerProcess, type ServerProcess } from '../../e2e/support/server-process.ts';
import { ArtifactsClient } from '../sdk/index.ts';
import { runCli } from './main.ts';
import { startCli, type CliResult } from './test-cli.ts';

let server: ServerProcess;
let client: ArtifactsClient;
/** alice's real access token from the server's embedded IdP. */
let token: string;

beforeAll(async () => {
  server = await startServerProcess();
  token = await server.token('alice');
  client = new ArtifactsClient({ baseUrl: server.url, token });
}, 60_000);

afterAll(async () => {
  await server?.dispose();
});

function run(args: string[], input = ''): Promise<CliResult> {
  const { child, done } = startCli(args, { ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: token });
  child.stdin.end(input);
  return done;
}

/** `--json` output, parsed with the API's schema for that answer. */
async function json<T>(args: string[], schema: { parse(value: unknown): T }): Promise<T> {
  const result = await run([...args, '--json']);
  expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
  return schema.parse(JSON.parse(result.stdout));
}

async function artifactWithNotes(title: string): Promise<string> {
  const { id } = await client.create({ title });
  await client.ops(id, [{ op: 'section.upsert', section: { id: 'notes', type: 'markdown', title: 'Notes', text: 'first\n' } }]);
  return id;
}

describe('artifacts CLI: versions, sharing, lifecycle', { timeout: 30_000 }, () => {
  it('publish, versions, diff and restore work together', async () => {
    const id = await artifactWithNotes('Versioned');
    const first = await run(['publish', id, '-m', 'first draft', '--git-commit', 'abc1234']);
    expect(first).toMatchObject({ code: 0, stdout: `published version 1\n${server.url}/a/${id}/v/1\n` });
    expect((await run(['publish', id])).stdout).toMatch(/^unchanged since version 1\n/);

    await client.ops(id, [
      { op: 'text.append', id: 'notes', text: 'second\n' },
      { op: 'section.upsert', section: { id: 'risk', type: 'callout', tone: 'warning', text: 'Careful' } },
    ]);
    const diff = await run(['diff', id]);
    expect(diff.code).toBe(0);
    expect(diff.stdout.split('\n')).toEqual([
      'v1 → live: 1 added, 0 removed, 1 changed, 0 moved (sections)',
      '+ callout risk  warning: Careful (7 chars)',
      '~ markdown notes "Notes"  +1 −0 line',
      '    + second',
      '',
    ]);
    expect(await json(['diff', id, '--from', '1', '--to', 'live'], artifactDiffSchema)).toEqual(await client.diff(id, 1, 'live'));

    const second = await json(['publish', id, '--message', 'with risk'], publishedSchema);
    expect(second).toMatchObject({ version: 2, unchanged: false });
    expect((await run(['diff', id, '--to', '2'])).stdout).toMatch(/^v1 → v2: 1 added/);
    const versions = await json(['versions', id], versionListSchema);
    expect(versions.versions.map((v) => [v.version, v.message, v.gitCommit])).toEqual([
      [2, 'with risk', null],
      [1, 'first draft', 'abc1234'],
    ]);
    expect((await run(['versions', id])).stdout).toMatch(/^v2\s+\S+\s+Alice Anders\s+-\s+with risk\nv1\s+\S+\s+Alice Anders\s+abc1234\s+first draft\n$/);

    const restored = await run(['restore', id, '1']);
    expect(restored).toMatchObject({ code: 0, stdout: `restored version 1 as version 3\n${server.url}/a/${id}/v/3\n` });
    expect((await client.get(id)).sections.map((s) => s.id)).toEqual(['notes']);
    expect(restoredSchema.parse(JSON.parse((await run(['restore', id, '2', '--json'])).stdout))).toMatchObject({ version: 4 });
    expect((await run(['diff', id])).stdout).toBe('no changes between v4 and live\n');
  });

  it('diff without versions, and bad version numbers, are clear errors', async () => {
    const { id } = await client.create({ title: 'Never published' });
    expect(await run(['diff', id])).toMatchObject({ code: 1, stderr: `error no_versions: artifact ${id} has no versions to compare with; run 'artifacts publish ${id}' first\n` });
    const bad = await run(['restore', id, 'two']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: <version> must be a version number/);
    expect((await run(['diff', id, '--from', '0'])).stderr).toMatch(/^error: --from must be a version number/);
    expect(await run(['restore', id, '9'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error not_found: /) });
  });

  it('pin and unpin change what viewers see (GET …/settings)', async () => {
    const id = await artifactWithNotes('Pinned');
    await client.publish(id);
    expect(await run(['pin', id, '1'])).toMatchObject({ code: 0, stdout: `pinned ${id} to version 1\n` });
    expect(await client.settings(id)).toEqual({ view: { mode: 'pinned', version: 1 } });
    expect(await json(['unpin', id], artifactSettingsSchema)).toEqual({ view: { mode: 'live' } });
    expect(await client.settings(id)).toEqual({ view: { mode: 'live' } });
    expect((await run(['pin', id, '5'])).code).toBe(1);
  });

  it('share resolves people by user name or display name and groups by name; unknown names change nothing', async () => {
    const id = await artifactWithNotes('Shared');
    const bob = new ArtifactsClient({ baseUrl: server.url, token: await server.token('bob') });
    const bobId = (await bob.me()).userId;
    await expect(bob.get(id)).rejects.toMatchObject({ status: 404 });

    expect(await json(['share', id, '--with', 'bob'], sharingSchema)).toEqual({ visibility: 'restricted', users: [bobId], groups: [], editors: { users: [], groups: [] } });
    expect((await bob.get(id)).id).toBe(id);
    expect(await json(['share', id, '--with', 'Bob Baker', '--with', 'acme-sre'], sharingSchema)).toEqual({ visibility: 'restricted', users: [bobId], groups: ['acme-sre'], editors: { users: [], groups: [] } });

    const unknown = await run(['share', id, '--with', 'bobby']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error unknown_name: nobody in your org is called 'bobby'; did you mean Bob Baker \(/);
    expect((await client.sharing(id)).groups).toEqual(['acme-sre']);

    expect(await run(['share', id, '--org'])).toMatchObject({ code: 0, stdout: `${id} is shared with your whole org\n` });
    expect(await run(['share', id, '--private'])).toMatchObject({ code: 0, stdout: `${id} is private\n` });
    await expect(bob.get(id)).rejects.toMatchObject({ status: 404 });
    expect((await run(['share', id, '--org', '--private'])).code).toBe(2);
  });

  it('list filters by text, kind, owner, visibility and count', async () => {
    const tag = `flt${Date.now().toString(36)}`;
    const a = await client.create({ title: `${tag} one`, kind: 'incident' });
    const b = await client.create({ title: `${tag} two`, kind: 'report' });
    await client.setSharing(b.id, { visibility: 'org' });
    const bob = new ArtifactsClient({ baseUrl: server.url, token: await server.token('bob') });
    const c = await bob.create({ title: `${tag} bob's` });
    await bob.setSharing(c.id, { visibility: 'org' });

    const ids = async (...args: string[]) => (await json(['list', '--q', tag, ...args], artifactListSchema)).artifacts.map((x) => x.id).sort();
    expect(await ids()).toEqual([a.id, b.id, c.id].sort());
    expect(await ids('--kind', 'incident')).toEqual([a.id]);
    expect(await ids('--mine')).toEqual([a.id, b.id].sort());
    expect(await ids('--visibility', 'org')).toEqual([b.id, c.id].sort());
    expect(await ids('--limit', '1')).toEqual([c.id]); // the newest
    expect((await run(['list', '--q', tag, '--mine'])).stdout).toMatch(new RegExp(`^${b.id}\\s+report\\s+org\\s+\\S+\\s+${tag} two\\n${a.id}\\s+incident\\s+private`));
    expect((await run(['list', '--visibility', 'public'])).code).toBe(2);
  });

  it('open prints the live URL of an artifact that exists', async () => {
    const { id, url } = await client.create({ title: 'Open me' });
    expect(await run(['open', id])).toMatchObject({ code: 0, stdout: `${url}\n` });
    expect(JSON.parse((await run(['open', id, '--json'])).stdout)).toEqual({ id, title: 'Open me', url });
    expect((await run(['open', 'aaaaaaaaaaaaaaaa'])).code).toBe(1);
  });

  it('delete refuses without --yes when stdin is not a terminal, and deletes with it', async () => {
    const { id } = await client.create({ title: 'Doomed' });
    const refused = await run(['delete', id], 'y\n');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: stdin is not a terminal, so there is nobody to confirm: pass --yes/);
    expect((await client.get(id)).id).toBe(id);
    expect(JSON.parse((await run(['delete', id, '--yes', '--json'])).stdout)).toEqual({ deleted: id });
    await expect(client.get(id)).rejects.toMatchObject({ status: 404 });
  });

  it('delete on a terminal shows the title and deletes only after "y"', async () => {
    const { id } = await client.create({ title: 'Ask first' });
    const terminal = (answer: string) => {
      const stdin = Object.assign(new PassThrough(), { isTTY: true });
      let stdout = '';
      let stderr = '';
      const sink = (add: (s: string) => void) => new Writable({ write: (chunk: Buffer, _e, next) => (add(chunk.toString()), next()) });
      const io = { stdin, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: { ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: token }, onInterrupt: () => () => {}, cwd: process.cwd() };
      const code = runCli(['delete', id], io);
      stdin.end(answer);
      return code.then((c) => ({ code: c, stdout, stderr }));
    };
    const kept = await terminal('n\n');
    expect(kept).toMatchObject({ code: 1, stdout: '' });
    expect(kept.stderr).toContain(`Delete "Ask first" (${id}) and all its versions? This cannot be undone. [y/N] `);
    expect(kept.stderr).toContain('error not_confirmed: kept');
    expect((await client.get(id)).id).toBe(id);
    expect(await terminal('yes\n')).toMatchObject({ code: 0, stdout: `deleted ${id}\n` });
    await expect(client.get(id)).rejects.toMatchObject({ status: 404 });
  });
});
