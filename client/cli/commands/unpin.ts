import { JSON_OPTION, positional, type Command } from '../command.ts';
import { println } from '../io.ts';

export const unpinCommand: Command = {
  name: 'unpin',
  summary: 'show viewers the live document again',
  positionals: ['id'],
  options: { json: JSON_OPTION },
  async run(context) {
    const id = positional(context, 0);
    const settings = await context.client.updateSettings(id, { view: { mode: 'live' } });
    println(context.io.stdout, context.values['json'] ? JSON.stringify(settings) : `${id} shows the live document`);
  },
};
