import { z } from 'zod';
import { TEMPLATE_NAMES } from '../templates/index.ts';
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
  /** Default: the template's kind, else `document`. */
  kind: storableText().trim().min(1).max(50).optional(),
  /** Starts the artifact as that template's skeleton, written with the title in the first change. */
  template: z.enum(TEMPLATE_NAMES, { message: `template must be one of ${TEMPLATE_NAMES.join(', ')}` }).optional().describe('Start from this skeleton instead of an empty page'),
});

/**
 * The https address of a repository on a forge (`https://github.com/org/repo`, a GitLab or Gitea
 * host of one's own): pages link a version's commit as `<url>/commit/<sha>`. Nothing but https,
 * a host and a path of plain segments, so the link can never be `javascript:` or carry
 * credentials, a query or markup. A trailing `/` or `.git` is dropped.
 */
export const REPOSITORY_URL = /^https:\/\/[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?(?:\/[A-Za-z0-9_.~-]+)+\/?$/;

/** `POST /api/artifacts/:id/versions`. */
export const publishBodySchema = z.strictObject({
  message: storableText().trim().max(2_000).optional(),
  /** Full or abbreviated, as the agent resolved it (`git rev-parse [--short] HEAD`). */
  gitCommit: storableText().trim().regex(/^[0-9a-f]{4,64}$/i, 'must be a git commit hash (4 to 64 hex digits)').transform((s) => s.toLowerCase()).optional(),
  repositoryUrl: storableText()
    .trim()
    .max(500)
    .regex(REPOSITORY_URL, 'must be the https URL of a repository, e.g. https://github.com/org/repo')
    .refine((s) => !/(?:^|\/)\.{1,2}(?:\/|$)/.test(s.slice('https://'.length)), 'must not contain . or .. path segments')
    .transform((s) => s.replace(/\/$/, '').replace(/\.git$/, ''))
    .optional(),
}).refine((body) => body.repositoryUrl === undefined || body.gitCommit !== undefined, { message: 'needs gitCommit: the URL is where that commit is linked', path: ['repositoryUrl'] });

/** `PUT /api/artifacts/:id/settings`. */
export const settingsBodySchema = z.strictObject({
  view: z.union([z.strictObject({ mode: z.literal('live') }), z.strictObject({ mode: z.literal('pinned'), version: z.number().int().min(1) })]),
});

const subject = storableText().trim().min(1).max(200);

/**
 * `PUT /api/artifacts/:id/sharing`. `users` and `groups` may view (the form older clients send);
 * `editors` may edit as well (a subject in both is an editor, so a body read from `GET` can be
 * sent back unchanged). Shares apply to visibility `restricted` only: org-wide is view-only.
 */
export const sharingBodySchema = z.strictObject({
  visibility: z.enum(VISIBILITIES, { message: 'visibility must be "private", "org" or "restricted"; artifacts are never public' }),
  users: z.array(subject).max(500).optional(),
  groups: z.array(subject).max(100).optional(),
  editors: z.strictObject({ users: z.array(subject).max(500).optional(), groups: z.array(subject).max(100).optional() }).optional().describe('People and groups who may edit, publish, pin and restore (restricted only)'),
});
