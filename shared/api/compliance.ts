import { z } from 'zod';
import { artifactSummarySchema } from './artifacts.ts';

/** Audited actions (server/audit), in the order the /audit page lists them: metadata only, never content. */
export const AUDIT_ACTIONS = [
  'created',
  'edited',
  'published',
  'restored',
  'shared',
  'unshared',
  // A copy was made of this artifact (details: the copy's id, the version copied or null = live).
  'remixed',
  'viewed',
  'exported',
  'deleted',
  'retention-deleted',
  'policy-changed',
  'legal-hold',
  // Someone tried to remove or rewrite a held artifact's content and was refused.
  'legal-hold-refused',
  'login-denied',
  // A stored change that does not apply was left out when the artifact loaded (system).
  'repaired',
  // Outgoing webhooks (metadata: hook id, scope, events, the URL's host).
  'webhook-created',
  'webhook-updated',
  'webhook-deleted',
  'webhook-settings-changed',
  // Comments: ids only, never their text.
  'commented',
  'comment-edited',
  'comment-deleted',
  'comment-resolved',
  'comment-reopened',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const isoTime = z.string().describe('ISO 8601');

/** One event of `GET /api/compliance/events`. hash = sha256(prevHash ‖ canonical JSON (RFC 8785) of the other fields but prevHash). */
export const auditEventSchema = z.object({
  orgId: z.string(),
  seq: z.int(),
  at: isoTime,
  actorId: z.string(),
  actorName: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  artifactId: z.string().nullable(),
  version: z.int().nullable(),
  clientAddress: z.string().nullable(),
  /** Metadata only, never content. */
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEventRow = z.infer<typeof auditEventSchema>;

/** One row of `GET /api/compliance/artifacts`. */
export const complianceArtifactSchema = artifactSummarySchema.omit({ pinnedVersion: true }).extend({
  createdAt: isoTime,
  versionCount: z.int(),
  legalHold: z.boolean(),
});
export type ComplianceArtifactRow = z.infer<typeof complianceArtifactSchema>;

/** A cursor-paginated list of the compliance API; pass `nextCursor` back for the next page. */
export interface CompliancePage<T> {
  items: T[];
  nextCursor: string | null;
}

/** The most items a page holds (`limit` of the compliance lists). */
export const MAX_COMPLIANCE_PAGE = 200;

const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item).max(MAX_COMPLIANCE_PAGE), nextCursor: z.string().nullable() });
export const complianceArtifactPageSchema = pageOf(complianceArtifactSchema);
export const auditEventPageSchema = pageOf(auditEventSchema);

/** `GET /api/compliance/verify`: the org's hash chain is intact, or where it first breaks. */
export const chainVerificationSchema = z.discriminatedUnion('intact', [
  z.object({ intact: z.literal(true), events: z.int() }),
  z.object({
    intact: z.literal(false),
    /** Events verified before the break. */
    events: z.int(),
    reason: z.enum(['hash_mismatch', 'prev_hash_mismatch', 'seq_gap', 'head_mismatch']),
    brokenAt: z.object({ seq: z.int(), at: z.string().nullable(), action: z.string().nullable() }),
  }),
]);
export type ChainVerification = z.infer<typeof chainVerificationSchema>;
