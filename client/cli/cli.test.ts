import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../e2e/support/eventually.ts';
import { startServerProcess, type ServerProcess } from '../../e2e/support/server-process.ts';
import { ArtifactsClient } from '../sdk/index.ts';
import { startCli, type CliResult } from './test-cli.ts';


let server: ServerProcess;
let client: ArtifactsClient;
let scratch: string;
/** alice's real access token from the server's embedded IdP. */
let token: string;

beforeAll(async () => {
  server = await startServerProcess();
  token = await server.token('alice');
  client = new ArtifactsClient({ baseUrl: server.url, token });
  scratch = mkdtempSync(path.join(tmpdir(), 'la-cli-'));
}, 60_000);

afterAll(async () => {
  await server?.dispose();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Starts `artifacts ...` against the test server; the caller owns stdin. */
function start(args: string[], env: Record<string, string> = {}) {
  return startCli(args, { ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: token, ...env });
}

/** Runs `artifacts ...` to completion with `input` on stdin. */
function run(args: string[], input = '', env?: Record<string, string>): Promise<CliResult> {
  const { child, done } = start(args, env);
  child.stdin.end(input);
  return done;
}

async function sectionText(id: string, sectionId: string): Promise<string | undefined> {
  const section = (await client.get(id)).sections.find((s) => s.id === sectionId);
  return section && 'text' in section ? section.text : undefined;
}

describe('artifacts CLI', { timeout: 30_000 }, () => {
  it('create prints the id and url, or JSON with --json', async () => {
    const plain = await run(['create', '--title', 'From CLI', '--kind', 'report']);
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    const [id, url] = plain.stdout.trim().split('\n');
    expect(url).toBe(`${server.url}/a/${id}`);
    expect((await client.get(id ?? '')).meta).toMatchObject({ title: 'From CLI', kind: 'report' });

    const json = await run(['create', '--title', 'JSON', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ id: expect.any(String), url: expect.stringContaining('/a/') });
  });

  it('create --template starts from the skeleton; an unknown template is a usage error', async () => {
    const made = await run(['create', '--title', 'Outage', '--template', 'incident', '--json']);
    expect(made).toMatchObject({ code: 0, stderr: '' });
    const json = await client.get((JSON.parse(made.stdout) as { id: string }).id);
    expect(json.meta).toMatchObject({ title: 'Outage', kind: 'incident', status: 'investigating' });
    expect(json.sections.map((s) => s.id)).toEqual(['summary', 'impact', 'timeline', 'actions']);

    const unknown = await run(['create', '--title', 'X', '--template', 'postmortem']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown template 'postmortem'; templates: incident, pr, /);
  });

  it('op applies ops from stdin as an array or as {ops}, and reports rejected ones', async () => {
    const { id } = await client.create({ title: 'Ops' });
    const bare = await run(['op', id], JSON.stringify([{ op: 'section.upsert', section: { id: 'n', type: 'markdown', text: 'a' } }]));
    expect(bare).toMatchObject({ code: 0, stdout: 'applied 1 op\n' });
    const wrapped = await run(['op', id, '--json'], JSON.stringify({ ops: [{ op: 'text.append', id: 'n', text: 'b' }] }));
    expect(JSON.parse(wrapped.stdout)).toEqual({ applied: 1 });
    expect(await sectionText(id, 'n')).toBe('ab');

    const rejected = await run(['op', id], JSON.stringify([{ op: 'text.append', id: 'n', text: 'c' }, { op: 'text.append', id: 'gone', text: 'd' }]));
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/^error section_not_found: .*op 1/);
    expect(rejected.stderr).not.toContain('    at ');
    expect(await sectionText(id, 'n')).toBe('ab');

    const file = path.join(scratch, 'ops.json');
    writeFileSync(file, JSON.stringify({ ops: [{ op: 'text.append', id: 'n', text: '!' }] }));
    expect(await run(['op', id, '--file', file])).toMatchObject({ code: 0, stdout: 'applied 1 op\n' });
    expect(await sectionText(id, 'n')).toBe('ab!');

    const invalid = await run(['op', id], '{not json');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^error invalid_json: stdin is not valid JSON/);
  });

  it('append streams each line as it arrives, before stdin closes', async () => {
    const { id } = await client.create({ title: 'Streaming' });
    const { child, done } = start(['append', id, '--section', 'log', '--create']);
    child.stdin.write('first line\n');
    await eventually(async () => expect(await sectionText(id, 'log')).toBe('first line  \n'));
    expect(child.exitCode).toBeNull();
    child.stdin.write('second ');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await sectionText(id, 'log')).toBe('first line  \n');
    child.stdin.write('half\n');
    await eventually(async () => expect(await sectionText(id, 'log')).toBe('first line  \nsecond half  \n'));
    expect(child.exitCode).toBeNull();
    child.stdin.end('last\n');
    const result = await done;
    expect(result).toMatchObject({ code: 0, stdout: 'appended 3 lines to log\n', stderr: '' });
    expect(await sectionText(id, 'log')).toBe('first line  \nsecond half  \nlast  \n');
  });

  it('append stops on SIGINT with exit 130 even while stdin stays open', async () => {
    const { id } = await client.create({ title: 'Interrupted' });
    const { child, done } = start(['append', id, '--section', 'log', '--create', '--json']);
    child.stdin.write('kept\n');
    await eventually(async () => expect(await sectionText(id, 'log')).toBe('kept  \n'));
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(JSON.parse(result.stdout)).toEqual({ appended: 1, interrupted: true });
    expect(await sectionText(id, 'log')).toBe('kept  \n');
  });

  it('append exits 1 as soon as a batch fails, without waiting for stdin to close', async () => {
    const { id } = await client.create({ title: 'Deleted mid-stream' });
    const { child, done } = start(['append', id, '--section', 'log', '--create']);
    child.stdin.write('before\n');
    await eventually(async () => expect(await sectionText(id, 'log')).toBe('before  \n'));
    await client.delete(id);
    child.stdin.write('after\n');
    const result = await done;
    expect(result).toMatchObject({ code: 1, stderr: 'error not_found: no such artifact\n1 line appended to log before the error; 1 not sent\n' });
    expect(child.stdin.writableEnded).toBe(false);
  });

  it('append --as log puts lines verbatim, in order, into a code section of language log', async () => {
    const { id } = await client.create({ title: 'Build' });
    const { child, done } = start(['append', id, '-s', 'build', '--as', 'log', '--create', '--title', 'Build log']);
    child.stdin.write('$ make build\n');
    await eventually(async () => expect((await client.get(id)).sections).toEqual([{ id: 'build', type: 'code', title: 'Build log', language: 'log', code: '$ make build\n' }]));
    const lines = ['  cc -O2 main.c\t-o app', '# not a heading', '**not bold** <b>', '', 'done.'];
    child.stdin.end(`${lines.join('\n')}\n`);
    expect(await done).toMatchObject({ code: 0, stdout: 'appended 6 lines to build\n', stderr: '' });
    const section = (await client.get(id)).sections[0];
    expect(section?.type === 'code' && section.code).toBe(`$ make build\n${lines.join('\n')}\n`);

    // Appending again continues the same log; a markdown section is not a log.
    expect(await run(['append', id, '-s', 'build', '--as', 'log'], 'more\n')).toMatchObject({ code: 0 });
    expect((await client.get(id)).sections[0]).toMatchObject({ code: `$ make build\n${lines.join('\n')}\nmore\n` });
    await client.ops(id, [{ op: 'section.upsert', section: { id: 'md', type: 'markdown', text: '' } }]);
    expect((await run(['append', id, '-s', 'md', '--as', 'log'], 'x\n')).stderr).toMatch(/^error section_type_mismatch: section md is a markdown section; --as log needs code/);
  });

  it('append --as code --language sets the new section\'s language; --language needs --as code', async () => {
    const { id } = await client.create({ title: 'Script' });
    expect(await run(['append', id, '-s', 'sh', '--as', 'code', '--language', 'sh', '--create'], 'echo hi\n')).toMatchObject({ code: 0 });
    expect((await client.get(id)).sections[0]).toEqual({ id: 'sh', type: 'code', language: 'sh', code: 'echo hi\n' });
    expect((await run(['append', id, '-s', 'sh', '--as', 'log', '--language', 'sh'])).code).toBe(2);
  });

  it('append in markdown mode keeps every line break as written', async () => {
    const { id } = await client.create({ title: 'Notes' });
    expect(await run(['append', id, '-s', 'n', '--create'], 'step 1 ok\nstep 2 ok\n\nsummary\n```\nraw\n```\n')).toMatchObject({ code: 0 });
    expect(await sectionText(id, 'n')).toBe('step 1 ok  \nstep 2 ok  \n\nsummary  \n```\nraw\n```\n');
    const { markdownToHtml } = await import('#shared/render');
    expect(markdownToHtml((await sectionText(id, 'n')) ?? '')).toBe('<p>step 1 ok<br>\nstep 2 ok</p>\n<p>summary</p>\n<pre><code>raw\n</code></pre>\n');
  });

  it('append --as timeline turns lines into events, taking JSON lines as the event', async () => {
    const { id } = await client.create({ title: 'Timeline' });
    const input = ['deploy started', '', '{"title":"canary failed","severity":"critical","at":"2026-01-01T00:00:00Z"}', '{"title":7}'].join('\n');
    const result = await run(['append', id, '-s', 'events', '--as', 'timeline', '--create'], input);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('not a valid event');
    const section = (await client.get(id)).sections[0];
    expect(section?.type).toBe('timeline');
    const events = section?.type === 'timeline' ? section.events : [];
    expect(events.map((e) => [e.title, e.severity])).toEqual([
      ['canary failed', 'critical'],
      ['deploy started', undefined],
      ['{"title":7}', undefined],
    ]);
  });

  it('append refuses a missing section without --create and a section of the wrong type', async () => {
    const { id } = await client.create({ title: 'No section' });
    const missing = await run(['append', id, '--section', 'nope'], 'x\n');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error section_not_found: .*--create/);
    await client.ops(id, [{ op: 'section.upsert', section: { id: 't', type: 'timeline', events: [] } }]);
    const wrongType = await run(['append', id, '--section', 't'], 'x\n');
    expect(wrongType.stderr).toMatch(/^error section_type_mismatch/);
  });

  it('show prints a summary, or the JSON with --json', async () => {
    const { id } = await client.create({ title: 'Showcase', kind: 'incident' });
    await client.ops(id, [
      { op: 'section.upsert', section: { id: 'summary', type: 'markdown', title: 'Summary', text: 'All systems go\nmore' } },
      { op: 'section.upsert', section: { id: 'todo', type: 'checklist', items: [{ id: 'a', text: 'x', done: true }, { id: 'b', text: 'y' }] } },
    ]);
    const summary = await run(['show', id]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain('Showcase');
    expect(summary.stdout).toContain('kind incident');
    expect(summary.stdout).toMatch(/markdown\s+summary\s+"Summary"\s+All systems go…/);
    expect(summary.stdout).toMatch(/checklist\s+todo\s+1\/2 done/);
    const json = await run(['show', id, '--json']);
    expect(JSON.parse(json.stdout)).toEqual(await client.get(id));
  });

  it('list and delete', async () => {
    const { id } = await client.create({ title: 'Doomed' });
    expect((await run(['list'])).stdout).toMatch(new RegExp(`${id}\\s+document\\s+private\\s+\\S+\\s+Doomed`));
    expect(await run(['delete', id, '--yes'])).toMatchObject({ code: 0, stdout: `deleted ${id}\n` });
    const gone = await run(['show', id]);
    expect(gone).toMatchObject({ code: 1, stderr: 'error not_found: no such artifact\n' });
  });

  it('exits 2 with a clear message on bad usage, 0 on --help', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['create', '--title', 'x', '--colour', 'red'], /Unknown option '--colour'/],
      [['create'], /--title is required/],
      [['show'], /missing <id>/],
      [['show', 'a', 'b'], /unexpected argument 'b'/],
      [['append', 'a', '--section', 's', '--as', 'yaml'], /--as must be one of markdown, log, code, timeline/],
      [[], /Usage: artifacts <command>/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(args)));
    results.forEach((result, i) => {
      const [args, message] = cases[i] ?? [[], /./];
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain('    at ');
    });
    const help = await run(['append', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: artifacts append <id> --section <section-id>');
  });

  it('reports an unreachable server as network_error, exit 1, without printing the token', async () => {
    const result = await run(['show', 'aaaaaaaaaaaaaaaa', '--url', 'http://127.0.0.1:1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error network_error: could not reach http:\/\/127\.0\.0\.1:1/);
    expect(result.stderr + result.stdout).not.toContain(token);
  });
});
