import { z } from 'zod';
import { storableText } from '../text/index.ts';
import { VISIBILITIES } from './artifacts.ts';

/*
 * Request bodies of the HTTP API, described once: the server parses them, the OpenAPI document
 * shows them, and the MCP tools take them as their input schemas. Objects are strict: a
 * misspelt field is an error, not silently ignored.
 */

/** `POST /api/artifacts`. */
export const createArtifactBodySchema = z.strictObject({
  title: storableText().trim().min(1, 'title must not be empty').max(200),
  kind: storableText().trim().min(1).max(50).optional(),
});

/** `POST /api/artifacts/:id/versions`. */
export const publishBodySchema = z.strictObject({
  message: storableText().trim().max(2_000).optional(),
  gitCommit: storableText().trim().regex(/^[0-9a-f]{7,64}$/i, 'must be a git commit hash (7 to 64 hex digits)').optional(),
});

/** `PUT /api/artifacts/:id/settings`. */
export const settingsBodySchema = z.strictObject({
  view: z.union([z.strictObject({ mode: z.literal('live') }), z.strictObject({ mode: z.literal('pinned'), version: z.number().int().min(1) })]),
});

const subject = storableText().trim().min(1).max(200);

/** `PUT /api/artifacts/:id/sharing`. */
export const sharingBodySchema = z.strictObject({
  visibility: z.enum(VISIBILITIES, { message: 'visibility must be "private", "org" or "restricted"; artifacts are never public' }),
  users: z.array(subject).max(500).optional(),
  groups: z.array(subject).max(100).optional(),
});
