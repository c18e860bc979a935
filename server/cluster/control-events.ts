import { z } from 'zod';
import { COMMENT_CHANGES } from '#shared/api';

/**
 * What one instance tells the others when access changes, so that every instance closes or
 * downgrades its own sockets on the artifact and drops what it cached about it. Only ids
 * travel: each receiver reads the current rows itself, so a late or repeated event can never
 * undo a newer change.
 */
export const controlEventSchema = z.discriminatedUnion('type', [
  /** Sharing, pin or legal hold changed (or a pinned version went): re-read the artifact and recheck its sockets. */
  z.object({ type: z.literal('artifact-changed'), artifactId: z.string().min(1).max(200) }),
  /** Deleted (by its owner, the compliance API or retention): close its sockets and drop it from memory. */
  z.object({ type: z.literal('artifact-deleted'), artifactId: z.string().min(1).max(200) }),
  /** An admin saved the org's policy: drop the cached policy and recheck the org's sockets. */
  z.object({ type: z.literal('org-policy-changed'), orgId: z.string().min(1).max(200) }),
  /** A comment thread changed on an instance without the document: instances with it tell their open pages. */
  z.object({
    type: z.literal('comments-changed'),
    artifactId: z.string().min(1).max(200),
    threadId: z.string().min(1).max(200),
    change: z.enum(COMMENT_CHANGES),
  }),
  /** A user left the org (the IdP said so): close their sockets everywhere. */
  z.object({ type: z.literal('member-removed'), userId: z.string().min(1).max(200), orgId: z.string().min(1).max(200) }),
]);

export type ControlEvent = z.infer<typeof controlEventSchema>;

/** The wire form: the sender (to skip one's own echo) and the event. */
export const controlMessageSchema = z.object({ from: z.string().min(1), event: controlEventSchema });

/** Where access changes are announced to the other instances; a lone instance has none. */
export interface Peers {
  announce(event: ControlEvent): void;
}

export const NO_PEERS: Peers = { announce: () => undefined };
