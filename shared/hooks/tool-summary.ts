import { oneLine } from './truncate.ts';

/*
 * What a tool call is about, in a few words, and which files it touched: read from the tool's
 * input as Claude Code and Codex document it (Bash `command`, Edit/Write/Read `file_path`,
 * Codex `apply_patch` patch text, ...). Unknown tools fall back to their first string argument.
 */

const TITLE_SUMMARY_CHARS = 100;

type Input = Readonly<Record<string, unknown>>;

function asInput(value: unknown): Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Input) : {};
}

function str(input: Input, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = input[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

/** A path relative to the session's folder when it is inside it; as given otherwise. */
export function relativePath(file: string, cwd: string | null | undefined): string {
  if (!cwd) return file;
  const base = cwd.replace(/\/+$/, '');
  return file.startsWith(`${base}/`) ? file.slice(base.length + 1) : file;
}

/** Files named by a Codex `apply_patch` patch (`*** Update File: path` lines). */
export function patchFiles(patch: string): string[] {
  return [...patch.matchAll(/^\*\*\* (?:Add|Update|Delete) File: (.+)$/gm)].map((m) => (m[1] as string).trim());
}

/** The patch text of an `apply_patch` call: the input itself, or its `command`/`input`/`patch` field. */
function patchText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  const input = asInput(raw);
  const command = input['command'];
  if (Array.isArray(command)) return command.filter((part): part is string => typeof part === 'string').join('\n');
  return str(input, 'patch', 'input', 'command');
}

/** Files a tool call read or changed, relative to `cwd` where possible. */
export function filesTouched(tool: string, raw: unknown, cwd?: string | null): string[] {
  const input = asInput(raw);
  let files: string[] = [];
  if (tool === 'apply_patch' || tool === 'ApplyPatch') files = patchFiles(patchText(raw) ?? '');
  else {
    const file = str(input, 'file_path', 'notebook_path', 'path');
    // Grep and Glob take a folder as `path`: that is where they looked, not a file they touched.
    if (file && !['Grep', 'Glob', 'LS'].includes(tool)) files = [file];
  }
  return [...new Set(files.map((f) => relativePath(f, cwd)))];
}

/** `Bash: npm test`, `Edit: src/app.ts`: the tool and what it was asked, on one short line. */
export function toolLabel(tool: string, raw: unknown, cwd?: string | null): string {
  const input = asInput(raw);
  const files = filesTouched(tool, raw, cwd);
  let summary: string | undefined;
  switch (tool) {
    case 'Bash':
    case 'shell':
    case 'exec_command': {
      const command = input['command'];
      summary = Array.isArray(command) ? command.filter((p) => typeof p === 'string').join(' ') : str(input, 'command', 'cmd');
      break;
    }
    case 'Grep':
    case 'Glob':
      summary = [str(input, 'pattern'), str(input, 'path') && `in ${relativePath(str(input, 'path') as string, cwd)}`].filter(Boolean).join(' ');
      break;
    case 'WebFetch':
      summary = str(input, 'url');
      break;
    case 'WebSearch':
      summary = str(input, 'query');
      break;
    case 'Task':
    case 'Agent':
      summary = str(input, 'description', 'prompt');
      break;
    case 'TodoWrite': {
      const todos = input['todos'];
      summary = Array.isArray(todos) ? `${todos.length} item${todos.length === 1 ? '' : 's'}` : undefined;
      break;
    }
    default:
      if (files.length > 0) summary = files.length === 1 ? files[0] : `${files[0]} and ${files.length - 1} more`;
      else summary = Object.values(input).find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? (typeof raw === 'string' ? raw : undefined);
  }
  return summary ? `${tool}: ${oneLine(summary, TITLE_SUMMARY_CHARS)}` : tool;
}
