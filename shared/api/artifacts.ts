import { z } from 'zod';

/*
 * Answers of the artifact, version and sharing routes. Objects are `z.object`: a field the
 * server added later is dropped by a client that does not know it, but a missing or mistyped
 * one is a bad answer.
 */

const isoTime = z.string().describe('ISO 8601');
const nullableInt = z.int().nullable();

/** Who may read an artifact: its owner, the owner's whole org, or named people and groups of it. Never public. */
export const VISIBILITIES = ['private', 'org', 'restricted'] as const;
export const visibilitySchema = z.enum(VISIBILITIES);

/** One row of `GET /api/artifacts`. */
export const artifactSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  /** The owner's user id (the token's `sub`). */
  owner: z.string(),
  /** The owner's display name as of their last sign-in ('' when unknown). */
  ownerName: z.string(),
  /** The owner's organization; every reader belongs to it. */
  orgId: z.string(),
  visibility: visibilitySchema,
  /** What viewers see: null = live, n = pinned to version n. */
  pinnedVersion: nullableInt,
  updatedAt: isoTime,
  createdAt: isoTime,
  /** Highest published version, or null when none was published yet. */
  latestVersion: nullableInt,
  /** Remix lineage: the artifact this one was copied from and its version (null = its live document); null when it is no copy, or the source is gone. */
  remixedFrom: z.object({ id: z.string(), version: nullableInt }).nullable().default(null),
  /** The role a share gives the caller (`view` or `edit`), null when none does (their own, org-wide): only ever the caller's own. */
  yourShare: z.enum(['view', 'edit']).nullable().default(null),
});
export type ArtifactSummary = z.infer<typeof artifactSummarySchema>;

export const artifactListSchema = z.object({ artifacts: z.array(artifactSummarySchema) });

/** `POST /api/artifacts`: the new artifact and its live page for people. */
export const createdArtifactSchema = z.object({ id: z.string(), url: z.string() });

/** `POST /api/artifacts/:id/ops`: ops applied, always the whole batch. */
export const opsResultSchema = z.object({ applied: z.int() });

/**
 * How a version came to be: `published`, `before-restore` (the live state a restore replaced,
 * frozen first so nothing is lost) or `restored` (the result of a restore).
 */
export const versionKindSchema = z.enum(['published', 'before-restore', 'restored']);
export type VersionKind = z.infer<typeof versionKindSchema>;

/** One row of `GET /api/artifacts/:id/versions` (newest first). */
export const versionInfoSchema = z.object({
  version: z.int(),
  /** Of the frozen HTML. */
  sha256: z.string(),
  /** Who published (or restored) it: a user id. */
  author: z.string(),
  /** Their name as of their last sign-in ('' when unknown). */
  authorName: z.string(),
  createdAt: isoTime,
  message: z.string().nullable(),
  /** The commit the version describes, full or abbreviated hex. */
  gitCommit: z.string().nullable(),
  /** The https URL of the repository holding `gitCommit`; its page is `<repositoryUrl>/commit/<gitCommit>`. */
  repositoryUrl: z.string().nullable().default(null),
  /** Size of the frozen HTML. */
  sizeBytes: z.int(),
  kind: versionKindSchema,
});
export type VersionInfo = z.infer<typeof versionInfoSchema>;

export const versionListSchema = z.object({ versions: z.array(versionInfoSchema) });

/** `POST /api/artifacts/:id/versions`: the new version (201), or the latest one when nothing changed (200, `unchanged`). */
export const publishedSchema = z.object({
  version: z.int(),
  sha256: z.string(),
  /** The version's page for people, `/a/:id/v/:n` on the app origin. */
  url: z.string(),
  /** True when nothing changed since the latest version: that one is answered, nothing stored (absent: false). */
  unchanged: z.boolean().default(false),
});

/** `POST …/versions/:n/restore`: the version equal to the live document now. */
export const restoredSchema = publishedSchema.extend({
  /** The version that froze the live work the restore replaced (null when it already was a version). */
  preservedVersion: nullableInt,
});

/** `GET …/versions/:n/link`: a short-lived signed URL on the user-content origin. */
export const versionLinkSchema = z.object({ url: z.string(), expiresAt: isoTime });

/** What viewers see: the live document, or a pinned version. */
export const viewSettingSchema = z.discriminatedUnion('mode', [z.object({ mode: z.literal('live') }), z.object({ mode: z.literal('pinned'), version: z.int() })]);
export type ViewSetting = z.infer<typeof viewSettingSchema>;

/** `GET` / `PUT /api/artifacts/:id/settings`. */
export const artifactSettingsSchema = z.object({ view: viewSettingSchema });

/** `GET` / `PUT /api/artifacts/:id/sharing`. */
export const sharingSchema = z.object({
  visibility: visibilitySchema,
  /** User ids (restricted only). */
  users: z.array(z.string()),
  /** Group names (restricted only). */
  groups: z.array(z.string()),
  /** Who of `users` and `groups` may edit (the role `edit`); the others may view. */
  editors: z.object({ users: z.array(z.string()), groups: z.array(z.string()) }).default({ users: [], groups: [] }),
});
export type Sharing = z.infer<typeof sharingSchema>;
