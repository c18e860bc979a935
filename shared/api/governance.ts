import { z } from 'zod';

/*
 * Answers of the org-admin routes. The policy's rules (what a valid policy is, what it allows)
 * are policies/governance.ts; this is its wire shape.
 */

const days = z.int().min(1).nullable();

/** `PUT /api/admin/policy` sends a whole policy: every field is required, so a save is never a silent merge. */
export const orgPolicySchema = z.object({
  /** Off: nobody in the org creates, edits or opens artifacts; existing ones are kept. */
  enabled: z.boolean(),
  /** Who may make an artifact visible to the whole org. */
  orgWideSharing: z.enum(['everyone', 'admins']),
  /** Days since an artifact's last edit after which it is deleted, per class; null = kept forever. */
  retentionDays: z.object({ private: days, shared: days }),
  /** Keep only the newest N published versions of each artifact; null = keep all. */
  keepVersions: z.int().min(1).nullable(),
  /** Whether readers may comment; absent = true. */
  comments: z.boolean().optional(),
});

/** `GET` / `PUT /api/admin/policy`: the policy in force, with who changed it and when (null while the org uses the default). */
export const storedPolicySchema = z.object({
  orgId: z.string(),
  policy: orgPolicySchema,
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});

/** `POST /api/admin/retention/run`: what one sweep deleted (409 `retention_busy` while another runs). */
export const sweepResultSchema = z.object({
  ran: z.literal(true),
  /** The sweeper's clock at the start (ISO 8601): what expiry was measured against. */
  at: z.string(),
  durationMs: z.number(),
  /** Orgs whose policy has a retention rule. */
  orgs: z.array(z.string()),
  /** What the pure plan said to delete. */
  plan: z.object({ deleteArtifacts: z.array(z.string()), deleteVersions: z.array(z.object({ artifactId: z.string(), version: z.int() })) }),
  /** What was deleted (less than the plan when an artifact was edited or held meanwhile). */
  deleted: z.object({ artifacts: z.int(), versions: z.int() }),
  /** Artifacts whose pinned version was deleted: viewers now see the live document. */
  unpinned: z.array(z.string()),
});

/** `PUT /api/artifacts/:id/legal-hold`: the hold as it is now. */
export const legalHoldSchema = z.object({ id: z.string(), hold: z.boolean() });
