import type { ArtifactSummary } from '../../sdk/index.ts';
import { VISIBILITIES } from '#shared/api';
import { JSON_OPTION, stringOption, type Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { formatList } from '../format.ts';
import { println } from '../io.ts';

export const listCommand: Command = {
  name: 'list',
  summary: 'list the artifacts you may see (id, kind, visibility, updated, title)',
  positionals: [],
  options: {
    q: { type: 'string', valueName: '<text>', description: 'only titles containing this text (case-insensitive)' },
    kind: { type: 'string', valueName: '<kind>', description: 'only artifacts of this kind, e.g. incident' },
    mine: { type: 'boolean', description: 'only artifacts you own' },
    visibility: { type: 'string', valueName: '<v>', description: `only these: ${VISIBILITIES.join(', ')}` },
    limit: { type: 'string', valueName: '<n>', description: 'at most n artifacts, newest first' },
    json: { ...JSON_OPTION, description: 'print {artifacts: [...]} as the API answers it' },
  },
  async run(context) {
    const { values } = context;
    const visibility = stringOption(values, 'visibility');
    if (visibility !== undefined && !(VISIBILITIES as readonly string[]).includes(visibility)) {
      throw new UsageError(`--visibility must be one of ${VISIBILITIES.join(', ')}, not '${visibility}'`, 'list');
    }
    const limit = parseLimit(stringOption(values, 'limit'));
    const q = stringOption(values, 'q');
    const kind = stringOption(values, 'kind');
    const all = await context.client.list({ ...(q ? { q } : {}), ...(kind ? { kind } : {}) });
    const owner = values['mine'] ? (await context.client.me()).userId : undefined;
    const artifacts = newestFirst(all)
      .filter((a) => (owner === undefined || a.owner === owner) && (visibility === undefined || a.visibility === visibility))
      .slice(0, limit);
    println(context.io.stdout, values['json'] ? JSON.stringify({ artifacts }, null, 2) : formatList(artifacts));
  },
};

function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--limit must be a whole number ≥ 1, not '${raw}'`, 'list');
  return n;
}

function newestFirst(artifacts: readonly ArtifactSummary[]): ArtifactSummary[] {
  return [...artifacts].sort((a, b) => (Date.parse(b.updatedAt) || 0) - (Date.parse(a.updatedAt) || 0));
}
