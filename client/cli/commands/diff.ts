import type { ArtifactsClient, DiffSide } from '../../sdk/index.ts';
import { JSON_OPTION, positional, stringOption, versionNumber, type Command } from '../command.ts';
import { formatDiff } from '../diff-format.ts';
import { InputError } from '../errors.ts';
import { println } from '../io.ts';

export const diffCommand: Command = {
  name: 'diff',
  summary: 'show what changed, section by section, between two versions or a version and live',
  positionals: ['id'],
  options: {
    from: { type: 'string', valueName: '<n|live>', description: 'the older side (default: the latest version, or the one before --to)' },
    to: { type: 'string', valueName: '<n|live>', description: 'the newer side (default: live)' },
    json: { ...JSON_OPTION, description: 'print the diff as the API answers it ({meta, added, removed, moved, changed, summary})' },
  },
  details: 'Examples:\n  artifacts diff <id>                 what changed since the latest version\n  artifacts diff <id> --from 1 --to 3',
  async run(context) {
    const id = positional(context, 0);
    const to = side(stringOption(context.values, 'to'), '--to') ?? 'live';
    const from = side(stringOption(context.values, 'from'), '--from') ?? (await defaultFrom(context.client, id, to));
    const diff = await context.client.diff(id, from, to);
    println(context.io.stdout, context.values['json'] ? JSON.stringify(diff, null, 2) : formatDiff(diff, label(from), label(to)));
  },
};

function side(raw: string | undefined, flag: string): DiffSide | undefined {
  if (raw === undefined) return undefined;
  return raw === 'live' ? 'live' : versionNumber(raw, flag, 'diff');
}

/** The version before `to`, or the latest one when `to` is live. */
async function defaultFrom(client: ArtifactsClient, id: string, to: DiffSide): Promise<number> {
  if (typeof to === 'number') {
    if (to > 1) return to - 1;
    throw new InputError('no_earlier_version', 'version 1 has no version before it; pass --from');
  }
  const { latestVersion } = await client.summary(id);
  if (latestVersion === null) throw new InputError('no_versions', `artifact ${id} has no versions to compare with; run 'artifacts publish ${id}' first`);
  return latestVersion;
}

function label(side: DiffSide): string {
  return side === 'live' ? 'live' : `v${side}`;
}
