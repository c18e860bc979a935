import { JSON_OPTION, requireString, stringOption, type Command } from '../command.ts';
import { println } from '../io.ts';

export const createCommand: Command = {
  name: 'create',
  summary: 'create an artifact and print its id and url',
  positionals: [],
  options: {
    title: { type: 'string', valueName: '<title>', description: 'title shown to viewers', required: true },
    kind: { type: 'string', valueName: '<kind>', description: 'free-form kind, e.g. incident or report (default: document)' },
    json: JSON_OPTION,
  },
  details: 'Prints the id on the first line and the live URL on the second, so\n  ID=$(artifacts create --title "Deploy 42" | head -n1)\nworks in scripts.',
  async run(context) {
    const title = requireString(context, 'title', 'create');
    const kind = stringOption(context.values, 'kind');
    const created = await context.client.create(kind === undefined ? { title } : { title, kind });
    if (context.values['json']) println(context.io.stdout, JSON.stringify(created));
    else println(context.io.stdout, `${created.id}\n${created.url}`);
  },
};
