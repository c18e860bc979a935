import { z } from 'zod';

/** `GET /api/config`: the public settings a client needs before it signs in. */
export const publicConfigSchema = z.object({
  /** The IdP the web app signs in with (the embedded one or an external Keycloak realm). */
  oidc: z.object({ issuer: z.string(), clientId: z.string() }),
  usercontentOrigin: z.string(),
  collabPath: z.string(),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;

/** The part of an org's policy (policies/governance.ts) every member's app needs. */
export const mePolicySchema = z.object({ enabled: z.boolean(), orgWideSharing: z.enum(['everyone', 'admins']), comments: z.boolean().optional() });
export type MePolicy = z.infer<typeof mePolicySchema>;

/** `GET /api/me`: the caller as the server sees them (from the access token). */
export const meSchema = z.object({
  userId: z.string(),
  name: z.string(),
  orgId: z.string(),
  roles: z.array(z.enum(['artifact-author', 'artifact-viewer', 'org-admin', 'auditor'])),
  groups: z.array(z.string()),
  /** The caller's org policy as far as it decides what the app shows (absent: the default, all on). */
  policy: mePolicySchema.optional(),
});
export type Me = z.infer<typeof meSchema>;

/** `GET /api/directory?q=`: people and groups of the caller's org, for the share dialog. */
export const directorySchema = z.object({
  /** People of the org who have signed in at least once (or are seeded by the embedded IdP). */
  people: z.array(z.object({ userId: z.string(), name: z.string() })),
  groups: z.array(z.string()),
});
export type Directory = z.infer<typeof directorySchema>;

/** `GET /healthz` and `GET /readyz`. */
export const healthSchema = z.object({ ok: z.literal(true) });
