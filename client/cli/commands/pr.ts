import type { ArtifactJSON, Op } from '#shared';
import { PR_SECTION_IDS } from '#shared/templates';
import { ArtifactsError, type ArtifactsClient } from '../../sdk/index.ts';
import { JSON_OPTION, stringOption, type Command } from '../command.ts';
import { originHttpsUrl, readChanges, rememberArtifact, rememberedArtifact, repositoryRoot, resolveRange, type ResolvedRange } from '../git/index.ts';
import { println } from '../io.ts';
import { buildWalkthrough, FILE_SECTION_PREFIX, reviewSection, sameSection, type Walkthrough } from './pr-walkthrough.ts';

export const prCommand: Command = {
  name: 'pr',
  summary: 'build or update a PR walkthrough from git: summary, files, one diff per file, commits, review checklist',
  positionals: [],
  optionalPositionals: ['range'],
  options: {
    title: { type: 'string', valueName: '<title>', description: 'title (default: the only commit\'s subject, else "PR: <branch>")' },
    publish: { type: 'boolean', description: 'then publish a version recording the head commit (and the origin repository URL)' },
    message: { type: 'string', valueName: '<text>', description: 'message of the published version (default: the range)' },
    json: { ...JSON_OPTION, description: 'print {id, url, version?} as JSON' },
  },
  details: [
    'Run it in a git checkout. <range> is <base>..<head>; by default the merge base of the default',
    'branch (origin/HEAD, else main, else master) with HEAD, ..HEAD.',
    '',
    'Run again on the same branch to update the same artifact in place: its id is remembered in',
    '`git config --local live-artifacts.branch.<branch>.artifact`, sections keep their ids (one per',
    'file path), only changed sections are sent, and diffs of files no longer changed are removed.',
    'Ticked review items stay ticked. Binary files and long diffs are summarised, not dumped.',
    '',
    'Prints the id and the live URL (and "version <n>" with --publish).',
  ].join('\n'),
  async run(context) {
    const root = await repositoryRoot(context.io.cwd);
    const range = await resolveRange(root, context.args[0]);
    const changes = await readChanges(root, range.baseSha, range.headSha);
    const title = stringOption(context.values, 'title');
    const walkthrough = buildWalkthrough(changes, range, title);

    const { id, current } = await targetArtifact(context.client, root, range, walkthrough.title);
    const ops = syncOps(current, walkthrough, title !== undefined);
    if (ops.length) await context.client.ops(id, ops);

    let version: number | undefined;
    if (context.values['publish']) {
      const repositoryUrl = await originHttpsUrl(root);
      const message = stringOption(context.values, 'message') ?? `${range.label} at ${range.headSha.slice(0, 7)}`;
      const published = await context.client.publish(id, { message, gitCommit: range.headSha, ...(repositoryUrl ? { repositoryUrl } : {}) });
      version = published.version;
    }
    const url = new URL(`/a/${encodeURIComponent(id)}`, context.baseUrl).href;
    if (context.values['json']) println(context.io.stdout, JSON.stringify({ id, url, ...(version === undefined ? {} : { version }) }));
    else println(context.io.stdout, [id, url, ...(version === undefined ? [] : [`version ${version}`])].join('\n'));
  },
};

/**
 * The branch's artifact when one is remembered and still there, else a new one from the `pr`
 * template (remembered for the branch at once, so a failure later still finds it next time).
 */
async function targetArtifact(client: ArtifactsClient, root: string, range: ResolvedRange, title: string): Promise<{ id: string; current: ArtifactJSON }> {
  const remembered = range.branch ? await rememberedArtifact(root, range.branch) : null;
  if (remembered) {
    try {
      return { id: remembered, current: await client.get(remembered) };
    } catch (error: unknown) {
      // Deleted, or no longer ours to see: start a new one rather than fail forever.
      if (!(error instanceof ArtifactsError) || error.status !== 404) throw error;
    }
  }
  const created = await client.create({ title, template: 'pr' });
  if (range.branch) await rememberArtifact(root, range.branch, created.id);
  return { id: created.id, current: await client.get(created.id) };
}

/** The ops that make `current` say what `walkthrough` says, touching only what differs. */
export function syncOps(current: ArtifactJSON, walkthrough: Walkthrough, retitle: boolean): Op[] {
  const stored = new Map(current.sections.map((s) => [s.id, s]));
  const ops: Op[] = [];
  if (retitle && current.meta.title !== walkthrough.title) ops.push({ op: 'meta.set', title: walkthrough.title });
  let previous: string | null = null;
  const place = (section: Walkthrough['sections'][number]) => {
    const have = stored.get(section.id);
    // A section someone turned into another type cannot be upserted over: it is replaced.
    if (have && have.type !== section.type) ops.push({ op: 'section.remove', id: section.id });
    if (!have || have.type !== section.type) ops.push({ op: 'section.upsert', section, after: previous });
    else if (!sameSection(have, section)) ops.push({ op: 'section.upsert', section });
    previous = section.id;
  };
  for (const section of walkthrough.sections) place(section);
  if (stored.has(PR_SECTION_IDS.review)) previous = PR_SECTION_IDS.review;
  else place(reviewSection);
  const wanted = new Set(walkthrough.diffs.map((d) => d.id));
  for (const section of walkthrough.diffs) place(section);
  for (const section of current.sections) {
    if (section.id.startsWith(FILE_SECTION_PREFIX) && !wanted.has(section.id)) ops.push({ op: 'section.remove', id: section.id });
  }
  return ops;
}
