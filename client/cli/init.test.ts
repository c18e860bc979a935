import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCli, type CliResult } from './test-cli.ts';

/* `artifacts init` as a real child process on a temporary project folder. */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'la-init-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function init(args: string[]): Promise<CliResult> {
  const { child, done } = startCli(['init', ...args], { ARTIFACTS_URL: undefined });
  child.stdin.end();
  return done;
}

const read = (dir: string, name: string) => readFileSync(path.join(dir, name), 'utf8');
const URL = 'http://127.0.0.1:8080';

describe('artifacts init claude-code', () => {
  it('merges the MCP server and the hooks into existing settings, and a second run changes nothing', async () => {
    const dir = project({
      '.mcp.json': JSON.stringify({ mcpServers: { github: { command: 'gh-mcp' } } }),
      '.claude/settings.json': JSON.stringify({
        permissions: { allow: ['Bash(npm test)'] },
        hooks: { PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'prettier --write' }] }] },
      }),
    });
    const first = await init(['claude-code', '--dir', dir, '--url', URL]);
    expect(first).toMatchObject({ code: 0, stdout: 'updated .mcp.json\nupdated .claude/settings.json\n' });
    const mcp = JSON.parse(read(dir, '.mcp.json'));
    expect(mcp.mcpServers).toEqual({ github: { command: 'gh-mcp' }, artifacts: { type: 'stdio', command: 'artifacts', args: ['mcp'], env: { ARTIFACTS_URL: URL } } });
    const settings = JSON.parse(read(dir, '.claude/settings.json'));
    expect(settings.permissions).toEqual({ allow: ['Bash(npm test)'] });
    expect(Object.keys(settings.hooks)).toEqual(expect.arrayContaining(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'Notification', 'Stop', 'SubagentStop', 'PreCompact', 'SessionEnd']));
    const ours = { type: 'command', command: `artifacts hook --source claude-code --url ${URL}`, timeout: 10 };
    expect(settings.hooks.PostToolUse).toEqual([{ matcher: 'Edit', hooks: [{ type: 'command', command: 'prettier --write' }] }, { matcher: '*', hooks: [ours] }]);
    expect(settings.hooks.Stop).toEqual([{ hooks: [ours] }]);

    const before = [read(dir, '.mcp.json'), read(dir, '.claude/settings.json')];
    const second = await init(['claude-code', '--dir', dir, '--url', URL]);
    expect(second).toMatchObject({ code: 0, stdout: 'unchanged .mcp.json\nunchanged .claude/settings.json\n' });
    expect([read(dir, '.mcp.json'), read(dir, '.claude/settings.json')]).toEqual(before);

    // Another URL replaces our command where it is; it is not added twice.
    await init(['claude-code', '--dir', dir, '--url', 'http://artifacts.internal:8080']);
    const moved = JSON.parse(read(dir, '.claude/settings.json'));
    expect(moved.hooks.PostToolUse[1].hooks).toEqual([{ ...ours, command: 'artifacts hook --source claude-code --url http://artifacts.internal:8080' }]);
  });

  it('prints instead of writing with --print, and refuses to overwrite a file that is not JSON', async () => {
    const dir = project();
    const printed = await init(['claude-code', '--dir', dir, '--url', URL, '--print']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('# .mcp.json\n{');
    expect(printed.stdout).toContain('artifacts hook --source claude-code');
    expect(() => read(dir, '.mcp.json')).toThrow();

    const broken = project({ '.claude/settings.json': '{ "hooks": ' });
    const refused = await init(['claude-code', '--dir', broken, '--url', URL]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error invalid_config');
    expect(read(broken, '.claude/settings.json')).toBe('{ "hooks": ');
    expect(() => read(broken, '.mcp.json')).toThrow();
  });
});

describe('artifacts init codex', () => {
  it('adds or replaces only our table in config.toml and writes hooks.json, idempotently', async () => {
    const toml = ['model = "gpt-5-codex"', '', '[mcp_servers.github]', 'command = "gh-mcp"', '', '[mcp_servers.live-artifacts]', 'command = "old"', '', '[mcp_servers.live-artifacts.env]', 'X = "1"', '', '[profiles.fast]', 'model = "o4-mini"', ''].join('\n');
    const dir = project({ '.codex/config.toml': toml });
    expect((await init(['codex', '--dir', dir, '--url', URL])).code).toBe(0);
    expect(read(dir, '.codex/config.toml')).toBe(
      ['model = "gpt-5-codex"', '', '[mcp_servers.github]', 'command = "gh-mcp"', '', '[mcp_servers.live-artifacts]', 'command = "artifacts"', 'args = ["mcp"]', `env = { ARTIFACTS_URL = "${URL}" }`, '', '[profiles.fast]', 'model = "o4-mini"', ''].join('\n'),
    );
    const hooks = JSON.parse(read(dir, '.codex/hooks.json'));
    expect(Object.keys(hooks.hooks)).toEqual(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PermissionRequest', 'PostToolUse', 'PreCompact', 'PostCompact', 'Stop']);
    expect(hooks.hooks.PreToolUse).toEqual([{ matcher: '*', hooks: [{ type: 'command', command: `artifacts hook --source codex --url ${URL}`, timeout: 10 }] }]);
    const before = [read(dir, '.codex/config.toml'), read(dir, '.codex/hooks.json')];
    const again = await init(['codex', '--dir', dir, '--url', URL]);
    expect(again.stdout).toContain('unchanged .codex/config.toml\nunchanged .codex/hooks.json');
    expect([read(dir, '.codex/config.toml'), read(dir, '.codex/hooks.json')]).toEqual(before);
  });

  it('appends the table to a config.toml without one, and refuses an unknown agent', async () => {
    const dir = project({ '.codex/config.toml': 'model = "o3"\n' });
    await init(['codex', '--dir', dir, '--url', URL]);
    expect(read(dir, '.codex/config.toml')).toBe(`model = "o3"\n\n[mcp_servers.live-artifacts]\ncommand = "artifacts"\nargs = ["mcp"]\nenv = { ARTIFACTS_URL = "${URL}" }\n`);
    const unknown = await init(['cursor', '--dir', dir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('<agent> must be one of claude-code, codex');
  });
});
