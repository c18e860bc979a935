/*
 * Org governance: whether the feature is on for an org, who may share org-wide,
 * how long artifacts and versions live, and legal hold. Pure: the server stores one policy per
 * org and enforces these answers; the admin page validates with the same function before it
 * saves, and the client hides what the policy forbids.
 */
import type { Principal, Visibility } from './access.ts';

/** Who may make an artifact visible to the whole org. */
export type OrgWideSharing = 'everyone' | 'admins';

export interface OrgPolicy {
  /** Off: nobody in the org creates, edits or opens artifacts; existing ones are kept. */
  enabled: boolean;
  orgWideSharing: OrgWideSharing;
  /**
   * Days since an artifact's last edit after which it is deleted, per class: `private`, and
   * `shared` (visibility org or restricted). null = kept forever.
   */
  retentionDays: { private: number | null; shared: number | null };
  /** Keep only the newest N published versions of each artifact; null = keep all. */
  keepVersions: number | null;
  /** Whether readers may comment on artifacts; absent = true (policies saved before comments existed). */
  comments?: boolean;
}

/** What an org without a stored policy gets: on, everyone may share, nothing expires. */
export const DEFAULT_ORG_POLICY: Readonly<OrgPolicy> = Object.freeze({
  enabled: true,
  orgWideSharing: 'everyone',
  retentionDays: Object.freeze({ private: null, shared: null }),
  keepVersions: null,
});

/** About 100 years: anything longer is "keep forever" (null). */
export const MAX_RETENTION_DAYS = 36_500;
export const MAX_KEEP_VERSIONS = 100_000;

export const DAY_MS = 24 * 60 * 60 * 1_000;

/** One problem with a submitted policy; `field` is a dotted path such as `retentionDays.private`. */
export interface PolicyFieldError {
  field: string;
  /** Stable: `required`, `invalid_type`, `invalid_value`, `out_of_range`, `unknown_field`. */
  code: 'required' | 'invalid_type' | 'invalid_value' | 'out_of_range' | 'unknown_field';
  message: string;
}

export type PolicyValidation = { ok: true; policy: OrgPolicy } | { ok: false; errors: PolicyFieldError[] };

/**
 * Checks a submitted policy (a whole one: every field is required, so a save is never a silent
 * merge) and lists every problem, each with its field, a stable code and a sentence.
 */
export function validateOrgPolicy(value: unknown): PolicyValidation {
  const errors: PolicyFieldError[] = [];
  if (!isRecord(value)) return { ok: false, errors: [{ field: 'body', code: 'invalid_type', message: 'the policy must be a JSON object' }] };
  unknownFields(value, ['enabled', 'orgWideSharing', 'retentionDays', 'keepVersions', 'comments'], '', errors);
  const comments = value['comments'];
  if (comments !== undefined && typeof comments !== 'boolean') errors.push({ field: 'comments', code: 'invalid_type', message: 'comments must be true or false' });

  const enabled = value['enabled'];
  if (enabled === undefined) errors.push(required('enabled', 'true or false'));
  else if (typeof enabled !== 'boolean') errors.push({ field: 'enabled', code: 'invalid_type', message: 'enabled must be true or false' });

  const sharing = value['orgWideSharing'];
  if (sharing === undefined) errors.push(required('orgWideSharing', '"everyone" or "admins"'));
  else if (sharing !== 'everyone' && sharing !== 'admins') {
    errors.push({ field: 'orgWideSharing', code: 'invalid_value', message: 'orgWideSharing must be "everyone" or "admins"' });
  }

  const retention = value['retentionDays'];
  let retentionDays: OrgPolicy['retentionDays'] = { private: null, shared: null };
  if (retention === undefined) errors.push(required('retentionDays', 'an object {"private", "shared"}'));
  else if (!isRecord(retention)) errors.push({ field: 'retentionDays', code: 'invalid_type', message: 'retentionDays must be an object {"private", "shared"}' });
  else {
    unknownFields(retention, ['private', 'shared'], 'retentionDays.', errors);
    retentionDays = {
      private: count(retention['private'], 'retentionDays.private', 1, MAX_RETENTION_DAYS, 'days', errors),
      shared: count(retention['shared'], 'retentionDays.shared', 1, MAX_RETENTION_DAYS, 'days', errors),
    };
  }
  const keepVersions = count(value['keepVersions'], 'keepVersions', 1, MAX_KEEP_VERSIONS, 'versions', errors);

  if (errors.length) return { ok: false, errors };
  return { ok: true, policy: { enabled: enabled as boolean, orgWideSharing: sharing as OrgWideSharing, retentionDays, keepVersions, ...(typeof comments === 'boolean' ? { comments } : {}) } };
}

/** Who sees and changes the org's policy and runs retention: its org-admins. */
export function canManagePolicy(principal: Principal, orgId: string = principal.orgId): boolean {
  return principal.orgId === orgId && principal.roles.includes('org-admin');
}

/**
 * Who may put an artifact on legal hold or release it: org-admins (they own retention) and
 * auditors (they preserve evidence), of the artifact's org only. Neither needs to read the
 * artifact: a hold keeps content, it never reveals it.
 */
export function canSetLegalHold(principal: Principal, artifact: { orgId: string }): boolean {
  return principal.orgId === artifact.orgId && (principal.roles.includes('org-admin') || principal.roles.includes('auditor'));
}

/** The ways stored content can be removed or rewritten. */
export type ContentRemoval =
  /** The owner's delete. */
  | 'delete'
  /** An auditor's hard delete through the compliance API. */
  | 'hard-delete'
  /** Retention: the artifact expired. */
  | 'retention'
  /** Retention: versions beyond keep-last-N. */
  | 'keep-last-n'
  /** A restore replacing the live document. */
  | 'restore';

/**
 * Whether a legal hold refuses `removal`: the one place that decides it, for every route and
 * the retention sweeper. A held artifact loses nothing. A restore discards nothing (the live
 * state it replaces is first frozen as a version, in the same transaction), so it stays
 * allowed.
 */
export function legalHoldRefuses(artifact: { legalHold: boolean }, removal: ContentRemoval): boolean {
  return artifact.legalHold && removal !== 'restore';
}

/** Retention class of a visibility: private, or shared (org and restricted). */
export function retentionClass(visibility: Visibility): 'private' | 'shared' {
  return visibility === 'private' ? 'private' : 'shared';
}

export interface RetentionCandidate {
  id: string;
  visibility: Visibility;
  /** ISO 8601 (or a Date): the last edit. */
  updatedAt: string | Date;
  legalHold: boolean;
  /** Published version numbers, any order. */
  versions: readonly number[];
  /**
   * Versions that froze live work a restore replaced ("Before restoring version n"): the newest
   * of them is the only copy of what the live document held, so keep-last-N keeps it too.
   */
  preservedVersions?: readonly number[];
}

export interface RetentionPlan {
  /** Artifacts to delete entirely (live state, log, versions, shares). */
  deleteArtifacts: string[];
  /** Older versions of kept artifacts, beyond keep-last-N. */
  deleteVersions: { artifactId: string; version: number }[];
}

/**
 * What retention deletes at `now`. An artifact expires when `now - updatedAt` is at least the
 * retention days of its class (exactly on the boundary counts as expired); a kept artifact keeps
 * its newest `keepVersions` versions, and the newest version that preserved live work a restore
 * replaced (never the only copy of work the live document held). Legal hold wins over every rule: a held artifact loses
 * nothing. A disabled org keeps its artifacts from the feature but not from retention: the
 * rules still apply.
 */
export function retentionPlan(input: { now: Date; policy: OrgPolicy; artifacts: readonly RetentionCandidate[] }): RetentionPlan {
  const { now, policy } = input;
  const plan: RetentionPlan = { deleteArtifacts: [], deleteVersions: [] };
  for (const artifact of input.artifacts) {
    const days = policy.retentionDays[retentionClass(artifact.visibility)];
    if (days !== null && now.getTime() - new Date(artifact.updatedAt).getTime() >= days * DAY_MS) {
      if (!legalHoldRefuses(artifact, 'retention')) plan.deleteArtifacts.push(artifact.id);
      continue;
    }
    if (policy.keepVersions !== null && artifact.versions.length > policy.keepVersions && !legalHoldRefuses(artifact, 'keep-last-n')) {
      const lastPreserved = Math.max(-1, ...(artifact.preservedVersions ?? []));
      const older = [...artifact.versions].sort((a, b) => b - a).slice(policy.keepVersions).filter((v) => v !== lastPreserved);
      for (const version of older.reverse()) plan.deleteVersions.push({ artifactId: artifact.id, version });
    }
  }
  return plan;
}

/** Whether a policy deletes anything at all (the sweeper skips orgs whose policy keeps everything). */
export function hasRetentionRules(policy: OrgPolicy): boolean {
  return policy.retentionDays.private !== null || policy.retentionDays.shared !== null || policy.keepVersions !== null;
}

function count(value: unknown, field: string, min: number, max: number, unit: string, errors: PolicyFieldError[]): number | null {
  if (value === undefined) {
    errors.push(required(field, `a whole number of ${unit}, or null to keep forever`));
    return null;
  }
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errors.push({ field, code: 'invalid_type', message: `${field} must be a whole number of ${unit}, or null to keep forever` });
    return null;
  }
  if (value < min || value > max) {
    errors.push({ field, code: 'out_of_range', message: `${field} must be between ${min} and ${max} ${unit} (or null to keep forever)` });
    return null;
  }
  return value;
}

function required(field: string, what: string): PolicyFieldError {
  return { field, code: 'required', message: `${field} is required: ${what}` };
}

function unknownFields(value: Record<string, unknown>, known: readonly string[], prefix: string, errors: PolicyFieldError[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) errors.push({ field: `${prefix}${key}`, code: 'unknown_field', message: `${prefix}${key} is not a policy field` });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
