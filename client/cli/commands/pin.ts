import { JSON_OPTION, positional, versionArgument, type Command } from '../command.ts';
import { println } from '../io.ts';

export const pinCommand: Command = {
  name: 'pin',
  summary: 'show viewers one version instead of the live document',
  positionals: ['id', 'version'],
  options: { json: JSON_OPTION },
  details: "While pinned, the live document cannot be edited. 'artifacts unpin <id>' undoes it.",
  async run(context) {
    const id = positional(context, 0);
    const version = versionArgument(context, 1, 'version', 'pin');
    const settings = await context.client.updateSettings(id, { view: { mode: 'pinned', version } });
    println(context.io.stdout, context.values['json'] ? JSON.stringify(settings) : `pinned ${id} to version ${version}`);
  },
};
