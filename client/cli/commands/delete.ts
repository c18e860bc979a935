import { createInterface } from 'node:readline/promises';
import { JSON_OPTION, positional, type Command } from '../command.ts';
import { InputError, UsageError } from '../errors.ts';
import { println, type CliIO } from '../io.ts';

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'delete an artifact and all its versions (owner or admin); asks first',
  positionals: ['id'],
  options: {
    yes: { type: 'boolean', short: 'y', description: 'do not ask (needed when stdin is not a terminal, e.g. in scripts)' },
    json: JSON_OPTION,
  },
  details: 'On a terminal it shows the title and asks; anything but "y" or "yes" keeps the artifact.\nWithout a terminal it refuses unless --yes is given, so a script never deletes by accident.',
  async run(context) {
    const id = positional(context, 0);
    const { io } = context;
    if (context.values['yes'] !== true) {
      if (!io.stdin.isTTY) throw new UsageError('stdin is not a terminal, so there is nobody to confirm: pass --yes to delete without asking', 'delete');
      const { title } = await context.client.summary(id);
      const question = `Delete "${title}" (${id}) and all its versions? This cannot be undone. [y/N] `;
      if (!(await confirm(io, question))) throw new InputError('not_confirmed', `kept ${id}; nothing was deleted`);
    }
    await context.client.delete(id);
    println(io.stdout, context.values['json'] ? JSON.stringify({ deleted: id }) : `deleted ${id}`);
  },
};

async function confirm(io: CliIO, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: false });
  try {
    const answer = await rl.question(question);
    return /^\s*y(es)?\s*$/i.test(answer);
  } catch {
    return false; // stdin closed before an answer: not a yes
  } finally {
    rl.close();
  }
}
