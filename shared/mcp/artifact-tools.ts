import { z } from 'zod';
import { artifactJsonSchema, artifactListSchema, artifactSummarySchema, createArtifactBodySchema, createdArtifactSchema } from '../api/index.ts';
import { itemIdSchema, metricSchema, opSchema, timelineEventSchema, type Op } from '../ops/index.ts';
import { TONES } from '../schema/types.ts';
import { storableText } from '../text/index.ts';
import { answer, artifactIdSchema, callOps } from './calls.ts';
import { artifactPath, defineTool, queryString, READ_ONLY } from './tool.ts';

const url = z.string().describe('The live page of the artifact for people: share this link');
const opsOutput = z.object({ id: z.string(), applied: z.int().describe('Ops applied (always the whole batch)'), url });

export const listArtifacts = defineTool({
  name: 'list_artifacts',
  title: 'List artifacts',
  description:
    'Lists the artifacts you may see (yours, and those shared with you or your org), newest first, with each one\'s id and page URL. ' +
    'Use it to find an artifact to update instead of creating a duplicate. Filter with `q` (words of the title) and `kind`. ' +
    'Example: {"q": "checkout latency", "kind": "incident"}.',
  inputSchema: z.strictObject({
    q: z.string().max(200).optional().describe('Words the title contains'),
    kind: z.string().max(50).optional().describe('Only artifacts of this kind, e.g. "incident" or "pr"'),
  }),
  outputSchema: z.object({ artifacts: z.array(artifactSummarySchema.extend({ url })) }),
  annotations: READ_ONLY,
  async run({ q, kind }, { api, artifactUrl }) {
    const { artifacts } = answer(artifactListSchema, await api({ method: 'GET', path: `/api/artifacts${queryString({ q, kind })}` }));
    return { artifacts: artifacts.map((a) => ({ ...a, url: artifactUrl(a.id) })) };
  },
  summarize: ({ artifacts }) =>
    artifacts.length ? artifacts.map((a) => `${a.id}  ${a.title} (${a.kind}) ${a.url}`).join('\n') : 'No artifacts match.',
});

export const getArtifact = defineTool({
  name: 'get_artifact',
  title: 'Read an artifact',
  description:
    'Returns the live content of one artifact: its meta (title, kind, status) and every section with its id, type and fields. ' +
    'Read it before editing so your ops reference existing section ids. Example: {"id": "k3j9x0a1b2c3d4e5"}.',
  inputSchema: z.strictObject({ id: artifactIdSchema }),
  outputSchema: z.object({ artifact: artifactJsonSchema, url }),
  annotations: READ_ONLY,
  async run({ id }, { api, artifactUrl }) {
    return { artifact: answer(artifactJsonSchema, await api({ method: 'GET', path: artifactPath(id) })), url: artifactUrl(id) };
  },
  summarize: ({ artifact, url: page }) =>
    `${artifact.meta.title} (${artifact.meta.kind}), ${artifact.sections.length} sections: ${artifact.sections.map((s) => `${s.id}:${s.type}`).join(', ') || 'none'}\n${page}`,
});

export const createArtifact = defineTool({
  name: 'create_artifact',
  title: 'Create an artifact',
  description:
    'Creates a new artifact (a live web page), private to you until you share it, and returns its id and URL. ' +
    'Pass `template` for a ready skeleton of a common kind (incident, pr, release, dashboard, explainer, session), then fill it with apply_ops. ' +
    'Check list_artifacts first when the page may exist already. Example: {"title": "Checkout latency incident", "kind": "incident", "template": "incident"}.',
  // The API's own body: `template` and its names come with it.
  inputSchema: createArtifactBodySchema,
  outputSchema: z.object({ id: z.string(), url }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run(input, { api, artifactUrl }) {
    const { id } = answer(createdArtifactSchema, await api({ method: 'POST', path: '/api/artifacts', body: input }));
    return { id, url: artifactUrl(id) };
  },
  summarize: ({ id, url: page }) => `Created ${id}: ${page}`,
});

export const applyOps = defineTool({
  name: 'apply_ops',
  title: 'Apply ops',
  description:
    'Edits an artifact with a batch of ops (the full op language; call learn_ops once to see every op and section type with examples). ' +
    'The batch is all-or-nothing: if one op is invalid, none is applied and the error names the op index and the field path. ' +
    'Viewers see the change within a second. Send many small batches while you work. ' +
    'Example: {"id": "k3j9x0a1b2c3d4e5", "ops": [{"op": "section.upsert", "section": {"id": "summary", "type": "markdown", "text": "## Summary\\nAll green."}}]}.',
  inputSchema: z.strictObject({
    id: artifactIdSchema,
    ops: z.array(opSchema).min(1).max(1_000),
    idempotencyKey: z.string().regex(/^[\x21-\x7e]{1,255}$/).optional().describe('Send the same key when you retry a call whose answer you did not get: it is applied once'),
  }),
  outputSchema: opsOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  run: ({ id, ops, idempotencyKey }, context) => callOps(context, id, ops, idempotencyKey),
  summarize: ({ applied, url: page }) => `Applied ${applied} ops. ${page}`,
});

export const appendText = defineTool({
  name: 'append_text',
  title: 'Append text',
  description:
    'Appends markdown text to a markdown or callout section, creating the section at the end of the page when it does not exist yet. ' +
    'Use it to stream notes or findings as you go; include the line breaks you want. ' +
    'Example: {"id": "k3j9x0a1b2c3d4e5", "section": "notes", "text": "\\n- p99 back under 200 ms after the rollback"}.',
  inputSchema: z.strictObject({
    id: artifactIdSchema,
    section: itemIdSchema.describe('The section id, e.g. "notes"'),
    text: storableText().min(1).describe('Markdown to append'),
    title: z.string().max(1_000).optional().describe('Title when the section is created'),
    tone: z.enum(TONES).optional().describe('Create a callout of this tone instead of a markdown section'),
  }),
  outputSchema: opsOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run({ id, section, text, title, tone }, context) {
    const created: Op = { op: 'section.upsert', section: { id: section, ...(tone ? { type: 'callout', tone } : { type: 'markdown' }), text, ...(title ? { title } : {}) } };
    return callOps(context, id, [{ op: 'text.append', id: section, text }], undefined, [created]);
  },
  summarize: ({ url: page }) => `Appended. ${page}`,
});

export const addTimelineEvents = defineTool({
  name: 'add_timeline_events',
  title: 'Add timeline events',
  description:
    'Adds events to a timeline section (kept in time order), creating the timeline at the end of the page when it does not exist yet. ' +
    'Use it for what happened when: deploys, alerts, decisions, tool calls. `at` is ISO 8601 with a zone. ' +
    'Example: {"id": "k3j9x0a1b2c3d4e5", "section": "timeline", "events": [{"at": "2026-11-21T10:02:00Z", "title": "Rollback started", "severity": "warning"}]}.',
  inputSchema: z.strictObject({
    id: artifactIdSchema,
    section: itemIdSchema.describe('The timeline section id, e.g. "timeline"'),
    events: z.array(timelineEventSchema).min(1).max(500),
    title: z.string().max(1_000).optional().describe('Title when the section is created'),
  }),
  outputSchema: opsOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run({ id, section, events, title }, context) {
    const created: Op = { op: 'section.upsert', section: { id: section, type: 'timeline', events, ...(title ? { title } : {}) } };
    return callOps(context, id, events.map((event): Op => ({ op: 'timeline.append', id: section, event })), undefined, [created]);
  },
  summarize: ({ url: page }) => `Timeline updated. ${page}`,
});

export const setMetrics = defineTool({
  name: 'set_metrics',
  title: 'Set metrics',
  description:
    'Sets the items of a metrics section (big numbers with a label, unit and delta), creating the section when needed. ' +
    'The items given replace the section\'s previous items. ' +
    'Example: {"id": "k3j9x0a1b2c3d4e5", "section": "kpis", "items": [{"label": "p99", "value": 182, "unit": "ms", "delta": -40}]}.',
  inputSchema: z.strictObject({
    id: artifactIdSchema,
    section: itemIdSchema.describe('The metrics section id, e.g. "kpis"'),
    items: z.array(metricSchema).max(200),
    title: z.string().max(1_000).optional(),
  }),
  outputSchema: opsOutput,
  // Replaces the previous items (earlier versions keep them); the same call twice changes nothing more.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  run: ({ id, section, items, title }, context) =>
    callOps(context, id, [{ op: 'section.upsert', section: { id: section, type: 'metrics', items, ...(title ? { title } : {}) } }]),
  summarize: ({ url: page }) => `Metrics set. ${page}`,
});
