import { JSON_OPTION, positional, versionArgument, type Command } from '../command.ts';
import { println } from '../io.ts';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'make the live document equal an earlier version (viewers see it at once)',
  positionals: ['id', 'version'],
  options: { json: JSON_OPTION },
  details: 'Nothing is lost: unpublished live work is frozen as a version first, and the restored\nstate is recorded as a new version.',
  async run(context) {
    const id = positional(context, 0);
    const n = versionArgument(context, 1, 'version', 'restore');
    const restored = await context.client.restore(id, n);
    if (context.values['json']) return println(context.io.stdout, JSON.stringify(restored));
    const kept = restored.preservedVersion === null ? '' : `; the live work it replaced is version ${restored.preservedVersion}`;
    println(context.io.stdout, `restored version ${n} as version ${restored.version}${kept}\n${restored.url}`);
  },
};
