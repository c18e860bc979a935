import type { VersionInfo } from '../../sdk/index.ts';
import { JSON_OPTION, positional, type Command } from '../command.ts';
import { columns } from '../format.ts';
import { println } from '../io.ts';

export const versionsCommand: Command = {
  name: 'versions',
  summary: "list an artifact's versions, newest first",
  positionals: ['id'],
  options: { json: JSON_OPTION },
  async run(context) {
    const versions = await context.client.versions(positional(context, 0));
    println(context.io.stdout, context.values['json'] ? JSON.stringify({ versions }, null, 2) : formatVersions(versions));
  },
};

/** How a version came to be, when it was not a plain publish. */
const KIND_NOTES: Record<VersionInfo['kind'], string> = { published: '', 'before-restore': '(before restore)', restored: '(restored)' };

export function formatVersions(versions: readonly VersionInfo[]): string {
  if (versions.length === 0) return "no versions yet; 'artifacts publish <id>' makes one";
  return columns(
    versions.map((v) => [
      `v${v.version}`,
      v.createdAt,
      v.authorName || v.author,
      v.gitCommit ? v.gitCommit.slice(0, 12) : '-',
      [KIND_NOTES[v.kind], v.message ?? ''].filter(Boolean).join(' '),
    ]),
  ).join('\n');
}
