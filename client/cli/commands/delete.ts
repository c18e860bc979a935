import { positional, type Command } from '../command.ts';
import { println } from '../io.ts';

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'delete an artifact (owner or admin)',
  positionals: ['id'],
  options: {},
  async run(context) {
    const id = positional(context, 0);
    await context.client.delete(id);
    println(context.io.stdout, `deleted ${id}`);
  },
};
