import { z } from 'zod';
import { artifactDiffSchema, artifactSettingsSchema, publishBodySchema, publishedSchema, restoredSchema, sharingBodySchema, sharingSchema, versionListSchema } from '../api/index.ts';
import { answer, artifactIdSchema } from './calls.ts';
import { artifactPath, defineTool, queryString, READ_ONLY } from './tool.ts';

const url = z.string().describe('The live page of the artifact for people');
const versionNumber = z.int().min(1).describe('A version number, as list_versions returns them');
const side = z.union([versionNumber, z.literal('live')]);

export const publish = defineTool({
  name: 'publish',
  title: 'Publish a version',
  description:
    'Freezes the live artifact as a new immutable version (a self-contained HTML page) with a message and, optionally, the git commit it describes. ' +
    'Publish at milestones: when a walkthrough is ready for review, when an incident is resolved. Publishing again without changes returns the latest version. ' +
    'Example: {"id": "k3j9x0a1b2c3d4e5", "message": "Ready for review", "gitCommit": "9f2c1ab"}.',
  inputSchema: publishBodySchema.extend({ id: artifactIdSchema }),
  outputSchema: publishedSchema.extend({ id: z.string(), artifactUrl: url }),
  // Nothing changed since the latest version: that one is answered, nothing new is stored.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ id, ...body }, { api, artifactUrl, newIdempotencyKey }) {
    const published = answer(publishedSchema, await api({ method: 'POST', path: artifactPath(id, '/versions'), body, idempotencyKey: newIdempotencyKey() }));
    return { ...published, id, artifactUrl: artifactUrl(id) };
  },
  summarize: (v) => `${v.unchanged ? 'Unchanged since' : 'Published'} version ${v.version}: ${v.url}`,
});

export const listVersions = defineTool({
  name: 'list_versions',
  title: 'List versions',
  description: 'Lists the published versions of an artifact, newest first: number, author, time, message, git commit. Example: {"id": "k3j9x0a1b2c3d4e5"}.',
  inputSchema: z.strictObject({ id: artifactIdSchema }),
  outputSchema: versionListSchema.extend({ url }),
  annotations: READ_ONLY,
  async run({ id }, { api, artifactUrl }) {
    return { ...answer(versionListSchema, await api({ method: 'GET', path: artifactPath(id, '/versions') })), url: artifactUrl(id) };
  },
  summarize: ({ versions }) =>
    versions.length ? versions.map((v) => `v${v.version} ${v.createdAt} ${v.kind}${v.message ? `: ${v.message}` : ''}`).join('\n') : 'No versions yet: publish one.',
});

export const diff = defineTool({
  name: 'diff',
  title: 'Diff two versions',
  description:
    'Compares two versions of an artifact (or a version and the live page) section by section: sections added, removed, moved and changed, with text hunks. ' +
    'Example: {"id": "k3j9x0a1b2c3d4e5", "from": 1, "to": "live"}.',
  inputSchema: z.strictObject({ id: artifactIdSchema, from: side, to: side }),
  outputSchema: z.object({ diff: artifactDiffSchema, url }),
  annotations: READ_ONLY,
  async run({ id, from, to }, { api, artifactUrl }) {
    return { diff: answer(artifactDiffSchema, await api({ method: 'GET', path: artifactPath(id, `/diff${queryString({ from, to })}`) })), url: artifactUrl(id) };
  },
  summarize: ({ diff: { summary } }) => `${summary.added} added, ${summary.removed} removed, ${summary.moved} moved, ${summary.changed} changed sections.`,
});

export const restore = defineTool({
  name: 'restore',
  title: 'Restore a version',
  description:
    'Makes the live artifact equal to an earlier version again, for every viewer at once. The live work it replaces is first frozen as a version, so nothing is lost. ' +
    'Example: {"id": "k3j9x0a1b2c3d4e5", "version": 2}.',
  inputSchema: z.strictObject({ id: artifactIdSchema, version: versionNumber }),
  outputSchema: restoredSchema.extend({ id: z.string(), artifactUrl: url }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run({ id, version }, { api, artifactUrl, newIdempotencyKey }) {
    const restored = answer(restoredSchema, await api({ method: 'POST', path: artifactPath(id, `/versions/${version}/restore`), idempotencyKey: newIdempotencyKey() }));
    return { ...restored, id, artifactUrl: artifactUrl(id) };
  },
  summarize: (r) => `Live document now equals version ${r.version}${r.preservedVersion ? ` (the replaced work is version ${r.preservedVersion})` : ''}.`,
});

const settingsOutput = artifactSettingsSchema.extend({ id: z.string(), url });

export const pin = defineTool({
  name: 'pin',
  title: 'Pin a version',
  description: 'Makes readers see a published version instead of the live page (authors still edit live). Use unpin to go back. Example: {"id": "k3j9x0a1b2c3d4e5", "version": 3}.',
  inputSchema: z.strictObject({ id: artifactIdSchema, version: versionNumber }),
  outputSchema: settingsOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ id, version }, { api, artifactUrl }) {
    const body = { view: { mode: 'pinned', version } };
    return { ...answer(artifactSettingsSchema, await api({ method: 'PUT', path: artifactPath(id, '/settings'), body })), id, url: artifactUrl(id) };
  },
  summarize: ({ url: page }) => `Pinned. ${page}`,
});

export const unpin = defineTool({
  name: 'unpin',
  title: 'Unpin',
  description: 'Makes readers see the live page again after pin. Example: {"id": "k3j9x0a1b2c3d4e5"}.',
  inputSchema: z.strictObject({ id: artifactIdSchema }),
  outputSchema: settingsOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run({ id }, { api, artifactUrl }) {
    const body = { view: { mode: 'live' } };
    return { ...answer(artifactSettingsSchema, await api({ method: 'PUT', path: artifactPath(id, '/settings'), body })), id, url: artifactUrl(id) };
  },
  summarize: ({ url: page }) => `Readers see the live page. ${page}`,
});

export const share = defineTool({
  name: 'share',
  title: 'Share',
  description:
    'Sets who may read an artifact: "private" (you only), "org" (everyone in your organization, view only) or "restricted" (the named users and groups of your org). ' +
    'With "restricted", `users` and `groups` may view, and `editors` ({"users", "groups"}) may also edit, publish, pin and restore (never share or delete). ' +
    'Never public, never outside your org. The setting replaces the previous one. ' +
    'Example: {"id": "k3j9x0a1b2c3d4e5", "visibility": "restricted", "groups": ["acme-sre"], "editors": {"users": ["bob"]}}.',
  inputSchema: sharingBodySchema.extend({ id: artifactIdSchema }),
  outputSchema: sharingSchema.extend({ id: z.string(), url }),
  // Replacing the setting can take access away from someone.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run({ id, ...body }, { api, artifactUrl }) {
    return { ...answer(sharingSchema, await api({ method: 'PUT', path: artifactPath(id, '/sharing'), body })), id, url: artifactUrl(id) };
  },
  summarize: (s) => {
    const role = (kind: 'users' | 'groups', name: string) => (s.editors[kind].includes(name) ? `${name} (can edit)` : name);
    return `Visibility ${s.visibility}${s.users.length ? `, users ${s.users.map((u) => role('users', u)).join(', ')}` : ''}${s.groups.length ? `, groups ${s.groups.map((g) => role('groups', g)).join(', ')}` : ''}. ${s.url}`;
  },
});
