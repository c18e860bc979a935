import type { Sharing, SharingInput } from '../../sdk/index.ts';
import { JSON_OPTION, positional, stringList, type Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { println } from '../io.ts';
import { resolveShareTargets } from '../share-targets.ts';

export const shareCommand: Command = {
  name: 'share',
  summary: 'make an artifact private, org-wide, or shared with named people and groups',
  positionals: ['id'],
  options: {
    private: { type: 'boolean', description: 'only you (and admins) can see it' },
    org: { type: 'boolean', description: 'everyone in your org can see it' },
    with: { type: 'string', multiple: true, valueName: '<name>', description: 'a person (user name, display name or id) or a group; repeat for more' },
    json: { ...JSON_OPTION, description: 'print the sharing as the API answers it ({visibility, users, groups})' },
  },
  details: [
    'Exactly one of --private, --org or --with. --with replaces who the artifact is shared with:',
    '  artifacts share <id> --with bob --with "Carol Diaz" --with sre',
    'Names are looked up in your org; write user:<name> or group:<name> when a name is both.',
    'A name that matches nobody fails the command, and nothing changes. Owner only.',
  ].join('\n'),
  async run(context) {
    const id = positional(context, 0);
    const names = stringList(context.values, 'with');
    const chosen = [context.values['private'] === true, context.values['org'] === true, names.length > 0].filter(Boolean).length;
    if (chosen !== 1) throw new UsageError('give exactly one of --private, --org or --with <name>', 'share');
    let input: SharingInput;
    if (context.values['private']) input = { visibility: 'private' };
    else if (context.values['org']) input = { visibility: 'org' };
    else input = { visibility: 'restricted', ...resolveShareTargets(names, await context.client.directory()) };
    const sharing = await context.client.setSharing(id, input);
    println(context.io.stdout, context.values['json'] ? JSON.stringify(sharing) : describeSharing(id, sharing));
  },
};

function describeSharing(id: string, sharing: Sharing): string {
  if (sharing.visibility === 'private') return `${id} is private`;
  if (sharing.visibility === 'org') return `${id} is shared with your whole org`;
  const whom = [...sharing.users, ...sharing.groups.map((g) => `group ${g}`)];
  return `${id} is shared with ${whom.join(', ') || 'nobody besides you'}`;
}
