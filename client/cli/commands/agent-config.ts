/*
 * The project configuration `artifacts init` writes for an agent, merged into what is there:
 * JSON structurally (other servers, settings and hooks stay as they are; ours is found by its
 * command and replaced), TOML by replacing only our table. Pure: text in, text out.
 */

export type Agent = 'claude-code' | 'codex';

/** The MCP server's name in the agent's configuration. */
export const MCP_SERVER_NAME = { 'claude-code': 'artifacts', codex: 'live-artifacts' } as const;

/** Hook events each agent fires (Claude Code's hooks reference; Codex's hooks.json). */
export const HOOK_EVENTS: Readonly<Record<Agent, readonly string[]>> = {
  'claude-code': ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'Notification', 'Stop', 'SubagentStop', 'PreCompact', 'SessionEnd'],
  codex: ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PermissionRequest', 'PostToolUse', 'PreCompact', 'PostCompact', 'Stop'],
};
/** Events whose `matcher` filters tool names: `*` = every tool. */
const TOOL_EVENTS = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest']);
/** Seconds the agent gives the hook; `artifacts hook` itself gives up after 3 s. */
const HOOK_TIMEOUT_S = 10;

type Json = Record<string, unknown>;

export function hookCommandLine(agent: Agent, url: string): string {
  return `artifacts hook --source ${agent} --url ${shellQuote(url)}`;
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function isOurs(command: unknown, agent: Agent): boolean {
  return typeof command === 'string' && command.startsWith(`artifacts hook --source ${agent}`);
}

function asObject(value: unknown, where: string): Json {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where} is not a JSON object`);
  return value as Json;
}

/** `hooks` of a settings file with our command on every event: replaced where it was, added where not. */
export function mergeHooks(settings: Json, agent: Agent, url: string): Json {
  const hooks = { ...asObject(settings['hooks'], '"hooks"') };
  const command = hookCommandLine(agent, url);
  for (const event of HOOK_EVENTS[agent]) {
    const groups = Array.isArray(hooks[event]) ? [...(hooks[event] as unknown[])] : [];
    let found = false;
    const merged = groups.map((group) => {
      const g = asObject(group, `"hooks.${event}" entries`);
      if (!Array.isArray(g['hooks'])) return group;
      const list = (g['hooks'] as unknown[]).map((hook) => {
        const h = asObject(hook, `"hooks.${event}" hooks`);
        if (!isOurs(h['command'], agent)) return hook;
        found = true;
        return { ...h, type: 'command', command };
      });
      return { ...g, hooks: list };
    });
    if (!found) merged.push({ ...(TOOL_EVENTS.has(event) ? { matcher: '*' } : {}), hooks: [{ type: 'command', command, timeout: HOOK_TIMEOUT_S }] });
    hooks[event] = merged;
  }
  return { ...settings, hooks };
}

/** `.mcp.json` with our stdio server (`artifacts mcp`), other servers untouched. */
export function mergeMcpJson(file: Json, url: string): Json {
  const servers = { ...asObject(file['mcpServers'], '"mcpServers"') };
  servers[MCP_SERVER_NAME['claude-code']] = { type: 'stdio', command: 'artifacts', args: ['mcp'], env: { ARTIFACTS_URL: url } };
  return { ...file, mcpServers: servers };
}

/** Parses a JSON file's text ('' = no file yet); throws with the file's name when it is not an object. */
export function parseJsonFile(text: string, name: string): Json {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    throw new Error(`${name} is not valid JSON (${error instanceof Error ? error.message : String(error)}); fix or move it, nothing was written`);
  }
  return asObject(value, name);
}

export function formatJson(value: Json): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function tomlString(value: string): string {
  return JSON.stringify(value); // a TOML basic string: JSON's escapes are TOML's
}

/**
 * `config.toml` with our `[mcp_servers.live-artifacts]` table (and its sub-tables) replaced or
 * added, every other line kept byte for byte. Tables are found by their header lines; a
 * multi-line string holding a line that looks like a header would fool this, which config.toml
 * files do not do in practice and a TOML parser would cost a dependency for.
 */
export function mergeCodexToml(text: string, url: string): string {
  const name = MCP_SERVER_NAME.codex;
  const table = [`[mcp_servers.${name}]`, `command = "artifacts"`, `args = ["mcp"]`, `env = { ARTIFACTS_URL = ${tomlString(url)} }`];
  const ours = (line: string) => {
    const header = /^\s*\[\s*mcp_servers\s*\.\s*(?:"([^"]+)"|([A-Za-z0-9_-]+))\s*(\.|\])/.exec(line);
    return header !== null && (header[1] ?? header[2]) === name;
  };
  const isHeader = (line: string) => /^\s*\[/.test(line);
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let inOurs = false;
  let placed = false;
  for (const line of lines) {
    if (isHeader(line)) {
      inOurs = ours(line);
      if (inOurs && !placed) {
        out.push(...table);
        placed = true;
      }
    }
    if (!inOurs) out.push(line);
  }
  if (!placed) {
    if (out.length > 0 && out[out.length - 1]?.trim() !== '') out.push('');
    out.push(...table);
  } else {
    // Keep the blank line that separated our table from the next one.
    for (let i = 0; i < out.length; i++) if (out[i] === table[table.length - 1] && out[i + 1] !== undefined && isHeader(out[i + 1] as string)) out.splice(i + 1, 0, '');
  }
  return `${out.join('\n')}\n`;
}
