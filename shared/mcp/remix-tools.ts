import { z } from 'zod';
import { remixBodySchema, remixedSchema } from '../api/index.ts';
import { answer, artifactIdSchema } from './calls.ts';
import { artifactPath, defineTool } from './tool.ts';

export const remix = defineTool({
  name: 'remix',
  title: 'Remix an artifact',
  description:
    'Copies an artifact you may read (its live page, or one published `version`) into a new artifact private to you, in your organization, that you may then edit and share. ' +
    'Both sides show the lineage ("remixed from … version 3"). Use it to start from someone else\'s page without changing theirs. ' +
    'Example: {"id": "k3j9x0a1b2c3d4e5", "version": 3, "title": "Checkout latency: my notes"}.',
  inputSchema: remixBodySchema.extend({ id: artifactIdSchema }),
  outputSchema: remixedSchema,
  // Every call makes another copy.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run({ id, ...body }, { api }) {
    return answer(remixedSchema, await api({ method: 'POST', path: artifactPath(id, '/remix'), body }));
  },
  summarize: (r) => `Remixed ${r.remixedFrom.id}${r.remixedFrom.version === null ? ' (live)' : ` version ${r.remixedFrom.version}`} into ${r.id}: ${r.url}`,
});
