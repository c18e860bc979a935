import type { ArtifactsClient } from '../sdk/index.ts';
import { UsageError } from './errors.ts';
import type { CliIO } from './io.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in help, e.g. `<title>`; string options only. */
  valueName?: string;
  description: string;
  /** Checked before the command runs; shown without brackets in the usage line. */
  required?: boolean;
  /** A string option that may be given several times; its value is then a list. */
  multiple?: boolean;
}

export type OptionValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

export interface CommandContext {
  client: ArtifactsClient;
  /** The server URL the client talks to (`--url`, `$ARTIFACTS_URL` or the default). */
  baseUrl: string;
  io: CliIO;
  values: OptionValues;
  /** Positional arguments after the command name, checked against `Command.positionals`. */
  args: readonly string[];
}

/** One `artifacts <name>` subcommand; help is generated from these fields. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Required positional arguments, by name (`id`). */
  positionals: readonly string[];
  /** Optional positional arguments after the required ones (`range`), shown as `[<range>]`. */
  optionalPositionals?: readonly string[];
  options: Readonly<Record<string, OptionSpec>>;
  /** Extra help paragraphs: behaviour, input formats, examples. */
  details?: string;
  run(context: CommandContext): Promise<void>;
}

export const JSON_OPTION: OptionSpec = { type: 'boolean', description: 'print the result as JSON' };

/** A string option the command cannot do without. */
export function requireString(context: CommandContext, name: string, command: string): string {
  const value = context.values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`, command);
  return value;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Every value of a `multiple` option, in the order given. */
export function stringList(values: OptionValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

/** A positional argument that is a version number. */
export function versionArgument(context: CommandContext, index: number, name: string, command: string): number {
  return versionNumber(positional(context, index), `<${name}>`, command);
}

/** A version number (1, 2, …) as typed; anything else is a usage error naming `what`. */
export function versionNumber(raw: string, what: string, command: string): number {
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${what} must be a version number (1, 2, …), not '${raw}'`, command);
  return n;
}

export function positional(context: CommandContext, index: number): string {
  const value = context.args[index];
  if (value === undefined) throw new Error(`positional ${index} was not checked`);
  return value;
}
