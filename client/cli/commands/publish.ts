import { JSON_OPTION, positional, stringOption, type Command } from '../command.ts';
import { println } from '../io.ts';

export const publishCommand: Command = {
  name: 'publish',
  summary: 'freeze the live document as a new version and print its number and url',
  positionals: ['id'],
  options: {
    message: { type: 'string', short: 'm', valueName: '<text>', description: 'what this version is, e.g. "Root cause found"' },
    'git-commit': { type: 'string', valueName: '<sha>', description: 'the commit the artifact describes (7-64 hex digits)' },
    json: JSON_OPTION,
  },
  details: 'When nothing changed since the latest version, no version is stored and that one is printed\n(marked unchanged). Retried safely: a publish that got no answer is applied once.',
  async run(context) {
    const id = positional(context, 0);
    const message = stringOption(context.values, 'message');
    const gitCommit = stringOption(context.values, 'git-commit');
    const published = await context.client.publish(id, { ...(message !== undefined ? { message } : {}), ...(gitCommit !== undefined ? { gitCommit } : {}) });
    if (context.values['json']) return println(context.io.stdout, JSON.stringify(published));
    const what = published.unchanged ? `unchanged since version ${published.version}` : `published version ${published.version}`;
    println(context.io.stdout, `${what}\n${published.url}`);
  },
};
