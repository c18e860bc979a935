import { parseArgs } from 'node:util';
import { ArtifactsClient, ArtifactsError } from '../sdk/index.ts';
import type { Command, OptionSpec, OptionValues } from './command.ts';
import { COMMANDS, Interrupted } from './commands/index.ts';
import { InputError, PartialFailure, UsageError } from './errors.ts';
import { commandHelp, DEFAULT_URL, GLOBAL_OPTIONS, mainHelp } from './help.ts';
import { println, processIO, type CliIO } from './io.ts';
import { tokenClaims, tokenProvider } from './oidc.ts';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT, what shells expect from a program stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/** Runs one `artifacts ...` invocation and resolves with its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let code: number;
  try {
    code = await dispatch(argv, io);
  } catch (error: unknown) {
    code = report(error, io);
  }
  // Claude Code reads exit 2 from a hook as "block this tool call": a mistyped hook flag must
  // not stop the agent, so `hook` reports wrong usage as a plain failure.
  return code === EXIT_USAGE && commandName(argv) === 'hook' ? EXIT_ERROR : code;
}

async function dispatch(argv: readonly string[], io: CliIO): Promise<number> {
  const name = commandName(argv);
  if (name === undefined || name === 'help') {
    const topic = name === 'help' ? commandName(argv, 1) : undefined;
    const command = topic === undefined ? undefined : findCommand(topic);
    const asked = name === 'help' || argv.includes('--help') || argv.includes('-h');
    println(asked ? io.stdout : io.stderr, command ? commandHelp(command) : mainHelp(COMMANDS));
    return asked ? EXIT_OK : EXIT_USAGE;
  }
  const command = findCommand(name);
  const { values, args } = parseCommandLine(command, argv);
  if (values['help']) {
    println(io.stdout, commandHelp(command));
    return EXIT_OK;
  }
  checkArguments(command, values, args);
  const baseUrl = serverUrl(values, io);
  const client = new ArtifactsClient({ baseUrl, token: tokenProvider(baseUrl, io.env) });
  await command.run({ client, baseUrl, io, values, args });
  return EXIT_OK;
}

/** Every option any command knows, so a first loose parse can find the command word. */
const ALL_OPTIONS = toParseArgs(Object.assign({}, GLOBAL_OPTIONS, ...COMMANDS.map((c) => c.options)));

/** The `index`-th positional argument, wherever the options around it are. */
function commandName(argv: readonly string[], index = 0): string | undefined {
  const { positionals } = parseArgs({ args: [...argv], options: ALL_OPTIONS, strict: false, allowPositionals: true });
  return positionals[index];
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command '${name}'; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
  return command;
}

function parseCommandLine(command: Command, argv: readonly string[]): { values: OptionValues; args: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: toParseArgs({ ...command.options, ...GLOBAL_OPTIONS }),
      strict: true,
      allowPositionals: true,
    });
    const at = positionals.indexOf(command.name);
    return { values: values as OptionValues, args: positionals.filter((_, i) => i !== at) };
  } catch (error: unknown) {
    // node:util reports bad flags as TypeErrors with ERR_PARSE_ARGS_* codes.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(error.message.split('. ')[0] ?? error.message, command.name);
    }
    throw error;
  }
}

function checkArguments(command: Command, values: OptionValues, args: readonly string[]): void {
  const missing = command.positionals[args.length];
  if (missing !== undefined) throw new UsageError(`missing <${missing}>`, command.name);
  const extra = args[command.positionals.length + (command.optionalPositionals?.length ?? 0)];
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`, command.name);
  for (const [name, spec] of Object.entries(command.options)) {
    if (spec.required && (values[name] === undefined || values[name] === '')) throw new UsageError(`--${name} is required`, command.name);
  }
}

function serverUrl(values: OptionValues, io: CliIO): string {
  const flag = values['url'];
  const raw = (typeof flag === 'string' ? flag : io.env['ARTIFACTS_URL']) || DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`'${raw}' is not a URL (expected e.g. ${DEFAULT_URL})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`the server URL must be http or https, not ${url.protocol}`);
  // Credentials belong in ARTIFACTS_TOKEN, not in a URL that ends up in shell history and logs.
  if (url.username || url.password) throw new UsageError('put credentials in ARTIFACTS_TOKEN, not in the server URL');
  return raw;
}

function toParseArgs(options: Readonly<Record<string, OptionSpec>>): Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> {
  return Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [name, { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) }]),
  );
}

/** Why a 401 with ARTIFACTS_TOKEN is final, and what lasts longer. */
function unrenewable(token: string): string {
  const exp = tokenClaims(token)?.['exp'];
  const expired = typeof exp === 'number' && exp * 1000 <= Date.now() ? ` expired at ${new Date(exp * 1000).toISOString()} and` : '';
  return (
    `ARTIFACTS_TOKEN${expired} cannot be renewed. For commands that outlive a token, unset it and run ` +
    "'artifacts login' (or 'artifacts login --client-credentials' in a pipeline): that login is renewed automatically."
  );
}

/** Expected failures get one line; anything else is a bug and keeps its stack. */
function report(error: unknown, io: CliIO): number {
  if (error instanceof UsageError) {
    println(io.stderr, `error: ${error.message}`);
    println(io.stderr, `Run 'artifacts ${error.command ? `${error.command} ` : ''}--help' for usage.`);
    return EXIT_USAGE;
  }
  if (error instanceof Interrupted) return EXIT_INTERRUPTED;
  if (error instanceof PartialFailure) {
    const code = report(error.error, io);
    println(io.stderr, error.note);
    return code;
  }
  // A stored login that could not be used: say why, not just "could not get an access token".
  if (error instanceof ArtifactsError && error.code === 'token_error' && error.cause instanceof InputError) return report(error.cause, io);
  // The server's message already names the op index and field path where they apply.
  if (error instanceof ArtifactsError || error instanceof InputError) {
    println(io.stderr, `error ${error.code}: ${error.message}`);
    const explicit = io.env['ARTIFACTS_TOKEN'];
    if (error instanceof ArtifactsError && error.status === 401 && explicit) println(io.stderr, unrenewable(explicit));
    return EXIT_ERROR;
  }
  println(io.stderr, `error internal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT_ERROR;
}
