import { JSON_OPTION, type Command } from '../command.ts';
import { formatList } from '../format.ts';
import { println } from '../io.ts';

export const listCommand: Command = {
  name: 'list',
  summary: 'list the artifacts you may see (id, kind, updated, title)',
  positionals: [],
  options: { json: JSON_OPTION },
  async run(context) {
    const artifacts = await context.client.list();
    println(context.io.stdout, context.values['json'] ? JSON.stringify(artifacts, null, 2) : formatList(artifacts));
  },
};
