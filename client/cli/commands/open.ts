import { spawn } from 'node:child_process';
import { JSON_OPTION, positional, type Command } from '../command.ts';
import { InputError } from '../errors.ts';
import { println } from '../io.ts';

export const openCommand: Command = {
  name: 'open',
  summary: "print an artifact's live URL (--browser opens it)",
  positionals: ['id'],
  options: {
    browser: { type: 'boolean', description: "also open it with the system's opener (xdg-open, open, start)" },
    json: JSON_OPTION,
  },
  async run(context) {
    const id = positional(context, 0);
    // Asked first, so a mistyped id fails here rather than as a "not found" page later.
    const summary = await context.client.summary(id);
    const url = new URL(`/a/${encodeURIComponent(summary.id)}`, context.baseUrl).toString();
    println(context.io.stdout, context.values['json'] ? JSON.stringify({ id: summary.id, title: summary.title, url }) : url);
    if (context.values['browser']) await openInBrowser(url);
  },
};

/** The platform's opener, given the URL as an argument (never through a shell). */
function opener(): [string, string[]] {
  if (process.platform === 'darwin') return ['open', []];
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""']];
  return ['xdg-open', []];
}

function openInBrowser(url: string): Promise<void> {
  const [command, args] = opener();
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args, url], { stdio: 'ignore', detached: true });
    child.once('error', (error) => reject(new InputError('no_opener', `could not run ${command} (${error.message}); open the URL above yourself`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
