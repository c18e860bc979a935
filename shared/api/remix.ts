import { z } from 'zod';
import { storableText } from '../text/index.ts';

/*
 * Remix: a private copy of an artifact (its live document or one version) owned by the caller,
 * in the same org, with lineage shown on both sides.
 */

/** `POST /api/artifacts/:id/remix`. */
export const remixBodySchema = z.strictObject({
  /** Copy this published version; absent: the live document (a reader of a pinned artifact gets the pinned version). */
  version: z.int().min(1).optional().describe('The version to copy; absent: the live document'),
  /** The copy's title; absent: the source's, followed by " (remix)". */
  title: storableText().trim().min(1, 'title must not be empty').max(200).optional(),
});
export type RemixBody = z.infer<typeof remixBodySchema>;

/** `POST /api/artifacts/:id/remix` (201): the copy, its live page, and where it came from. */
export const remixedSchema = z.object({
  id: z.string(),
  url: z.string(),
  remixedFrom: z.object({ id: z.string(), version: z.int().nullable() }),
});

/** `GET /api/artifacts/:id/lineage`: where an artifact was copied from, and the copies of it the caller may read. */
export const lineageSchema = z.object({
  /**
   * The source, or null when it is no copy (or the source is gone). `title` is null when the
   * caller may not read the source: they learn it exists (the copy says so) but nothing of it.
   */
  remixedFrom: z.object({ id: z.string(), version: z.int().nullable(), title: z.string().nullable() }).nullable(),
  /** Copies of this artifact the caller may read, oldest first. */
  remixes: z.array(z.object({ id: z.string(), title: z.string(), owner: z.string(), ownerName: z.string(), version: z.int().nullable(), createdAt: z.string() })),
});
export type Lineage = z.infer<typeof lineageSchema>;
