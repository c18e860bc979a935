import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { positional, stringOption, type Command } from '../command.ts';
import { InputError, UsageError } from '../errors.ts';
import { println } from '../io.ts';
import { formatJson, mergeCodexToml, mergeHooks, mergeMcpJson, parseJsonFile, type Agent } from './agent-config.ts';

const AGENTS: readonly Agent[] = ['claude-code', 'codex'];

interface PlannedFile {
  /** Relative to the project folder. */
  name: string;
  before: string;
  after: string;
}

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new InputError('file_unreadable', `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}

/** Every file `init` would write for `agent`, merged with what the project has; nothing is written here. */
export function planAgentConfig(agent: Agent, dir: string, url: string): PlannedFile[] {
  const file = (name: string, merge: (text: string) => string): PlannedFile => {
    const before = read(path.join(dir, name));
    try {
      return { name, before, after: merge(before) };
    } catch (error: unknown) {
      throw new InputError('invalid_config', `${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  if (agent === 'claude-code') {
    return [
      file('.mcp.json', (text) => formatJson(mergeMcpJson(parseJsonFile(text, '.mcp.json'), url))),
      file(path.join('.claude', 'settings.json'), (text) => formatJson(mergeHooks(parseJsonFile(text, '.claude/settings.json'), agent, url))),
    ];
  }
  return [
    file(path.join('.codex', 'config.toml'), (text) => mergeCodexToml(text, url)),
    file(path.join('.codex', 'hooks.json'), (text) => formatJson(mergeHooks(parseJsonFile(text, '.codex/hooks.json'), agent, url))),
  ];
}

export const initCommand: Command = {
  name: 'init',
  summary: "write a project's MCP and hook configuration for Claude Code or Codex",
  positionals: ['agent'],
  options: {
    print: { type: 'boolean', description: 'print the merged files instead of writing them' },
    dir: { type: 'string', valueName: '<path>', description: 'the project folder (default: the current folder)' },
  },
  details: [
    '<agent> is claude-code or codex. Merges into the files that are there (running it again',
    'changes nothing):',
    '  claude-code  .mcp.json (the "artifacts" MCP server: artifacts mcp) and',
    '               .claude/settings.json (hooks: artifacts hook --source claude-code)',
    '  codex        .codex/config.toml ([mcp_servers.live-artifacts]) and',
    '               .codex/hooks.json (hooks: artifacts hook --source codex)',
    'The server URL (--url or $ARTIFACTS_URL) goes into both. No token is written: the MCP',
    'server and the hooks use "artifacts login", ARTIFACTS_TOKEN or client credentials.',
  ].join('\n'),
  async run(context) {
    const { io, baseUrl, values } = context;
    const agent = positional(context, 0) as Agent;
    if (!AGENTS.includes(agent)) throw new UsageError(`<agent> must be one of ${AGENTS.join(', ')}`, 'init');
    const dir = path.resolve(stringOption(values, 'dir') ?? '.');
    const files = planAgentConfig(agent, dir, baseUrl);
    if (values['print']) {
      for (const f of files) io.stdout.write(`# ${f.name}\n${f.after}\n`);
      return;
    }
    for (const f of files) {
      if (f.after === f.before) {
        println(io.stdout, `unchanged ${f.name}`);
        continue;
      }
      const target = path.join(dir, f.name);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, f.after);
      println(io.stdout, `${f.before === '' ? 'created' : 'updated'} ${f.name}`);
    }
    if (agent === 'codex') println(io.stdout, 'Codex reads project hooks only when hooks are enabled ([features] hooks = true on older releases).');
  },
};
