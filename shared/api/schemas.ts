import { z } from 'zod';
import { artifactListSchema, artifactSettingsSchema, artifactSummarySchema, createdArtifactSchema, opsResultSchema, publishedSchema, restoredSchema, sharingSchema, versionInfoSchema, versionLinkSchema, versionListSchema } from './artifacts.ts';
import { auditEventPageSchema, auditEventSchema, chainVerificationSchema, complianceArtifactPageSchema, complianceArtifactSchema } from './compliance.ts';
import { artifactDiffSchema } from './diff.ts';
import { agentQueueSchema, commentThreadListSchema, commentThreadSchema } from './comments.ts';
import { artifactJsonSchema } from './artifact-json.ts';
import { errorBodySchema } from './errors.ts';
import { hookResultSchema } from './hooks.ts';
import { legalHoldSchema, orgPolicySchema, storedPolicySchema, sweepResultSchema } from './governance.ts';
import { lineageSchema, remixedSchema } from './remix.ts';
import { webhookDeliveryListSchema, webhookListSchema, webhookSchema, webhookSecretSchema, webhookSettingsSchema, webhookTestSchema } from './webhooks.ts';
import { directorySchema, healthSchema, meSchema, publicConfigSchema } from './identity.ts';

/** `GET /api/openapi.json`: only its frame is checked; the document describes itself. */
export const openApiDocumentSchema = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
});

/**
 * Every JSON answer of the API by its name in the OpenAPI document (`#/components/schemas/<name>`).
 * The server builds the document's components from these, the SDK parses answers with them,
 * and a test parses every route's real answer with the one the document names.
 */
export const API_SCHEMAS = {
  Error: errorBodySchema,
  Health: healthSchema,
  PublicConfig: publicConfigSchema,
  OpenApiDocument: openApiDocumentSchema,
  Me: meSchema,
  Directory: directorySchema,
  ArtifactSummary: artifactSummarySchema,
  ArtifactList: artifactListSchema,
  CreatedArtifact: createdArtifactSchema,
  ArtifactJSON: artifactJsonSchema,
  OpsResult: opsResultSchema,
  Published: publishedSchema,
  Restored: restoredSchema,
  VersionInfo: versionInfoSchema,
  VersionList: versionListSchema,
  VersionLink: versionLinkSchema,
  ArtifactDiff: artifactDiffSchema,
  ArtifactSettings: artifactSettingsSchema,
  Sharing: sharingSchema,
  Remixed: remixedSchema,
  Lineage: lineageSchema,
  LegalHold: legalHoldSchema,
  OrgPolicy: orgPolicySchema,
  OrgPolicyRecord: storedPolicySchema,
  SweepResult: sweepResultSchema,
  ComplianceArtifact: complianceArtifactSchema,
  ComplianceArtifactPage: complianceArtifactPageSchema,
  AuditEvent: auditEventSchema,
  AuditEventPage: auditEventPageSchema,
  ChainVerification: chainVerificationSchema,
  HookResult: hookResultSchema,
  Webhook: webhookSchema,
  WebhookList: webhookListSchema,
  WebhookSecret: webhookSecretSchema,
  WebhookSettings: webhookSettingsSchema,
  WebhookDeliveryList: webhookDeliveryListSchema,
  WebhookTest: webhookTestSchema,
  CommentThread: commentThreadSchema,
  CommentThreadList: commentThreadListSchema,
  AgentQueue: agentQueueSchema,
} as const satisfies Record<string, z.ZodType>;

export type ApiSchemaName = keyof typeof API_SCHEMAS;
