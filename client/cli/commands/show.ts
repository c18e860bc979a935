import { JSON_OPTION, positional, type Command } from '../command.ts';
import { formatArtifact } from '../format.ts';
import { println } from '../io.ts';

export const showCommand: Command = {
  name: 'show',
  summary: 'print an artifact: a summary of its sections, or its JSON',
  positionals: ['id'],
  options: { json: { ...JSON_OPTION, description: 'print the live state as JSON ({id, meta, sections})' } },
  async run(context) {
    const artifact = await context.client.get(positional(context, 0));
    println(context.io.stdout, context.values['json'] ? JSON.stringify(artifact, null, 2) : formatArtifact(artifact));
  },
};
