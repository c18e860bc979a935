import type { Command, OptionSpec } from './command.ts';

export const DEFAULT_URL = 'http://127.0.0.1:8080';

/** Options every command accepts. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  url: { type: 'string', valueName: '<url>', description: `server URL (default: $ARTIFACTS_URL, else ${DEFAULT_URL})` },
  help: { type: 'boolean', short: 'h', description: 'show help' },
};

export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: artifacts <command> [options]',
    '',
    'Create and edit Live Artifacts from scripts and agents.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Environment:',
    '  ARTIFACTS_URL            server URL, when --url is not given',
    '  ARTIFACTS_TOKEN          access token, sent as "Authorization: Bearer ..." (never printed);',
    "                           wins over the login stored by 'artifacts login', but cannot be renewed:",
    '                           long-running commands (append) should use a stored login',
    "  ARTIFACTS_ISSUER         OpenID issuer (realm URL), when the server's /api/config should not be asked",
    '  ARTIFACTS_CLIENT_SECRET  client secret for login --client-credentials and its renewals',
    '  ARTIFACTS_CREDENTIALS    credentials file (default ${XDG_CONFIG_HOME:-~/.config}/live-artifacts/credentials.json)',
    '',
    'Exit codes: 0 done, 1 the server or the input refused, 2 wrong usage, 130 interrupted.',
    "Errors are printed to stderr as 'error <code>: <message>'.",
    "Run 'artifacts <command> --help' for a command's options.",
  ].join('\n');
}

export function commandHelp(command: Command): string {
  const args = [...command.positionals.map((p) => `<${p}>`), ...(command.optionalPositionals ?? []).map((p) => `[<${p}>]`)];
  const flags = Object.entries(command.options).map(([name, spec]) => {
    const flag = spec.type === 'string' ? `--${name} ${spec.valueName ?? '<value>'}` : `--${name}`;
    return spec.required ? flag : `[${flag}]`;
  });
  return [
    `Usage: artifacts ${[command.name, ...args, ...flags].join(' ')}`,
    '',
    `${command.summary[0]?.toUpperCase() ?? ''}${command.summary.slice(1)}.`,
    '',
    'Options:',
    ...optionLines({ ...command.options, ...GLOBAL_OPTIONS }),
    ...(command.details ? ['', command.details] : []),
  ].join('\n');
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? '<value>'}` : ''}`;
    return [flag, spec.description] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`);
}
