import { validateOrgPolicy, type OrgPolicy, type OrgWideSharing, type PolicyFieldError } from '#policies';

/** What the admin form holds: numbers as typed (strings), "forever" as its own switch. */
export interface PolicyForm {
  enabled: boolean;
  orgWideSharing: OrgWideSharing;
  privateForever: boolean;
  privateDays: string;
  sharedForever: boolean;
  sharedDays: string;
  allVersions: boolean;
  keepVersions: string;
  /** Readers may comment. */
  comments: boolean;
}

/** Shown in a number box whose "forever" switch is on, so turning it off starts somewhere sensible. */
const DEFAULT_DAYS = '90';
const DEFAULT_KEEP_VERSIONS = '10';

export function formOf(policy: OrgPolicy): PolicyForm {
  return {
    enabled: policy.enabled,
    orgWideSharing: policy.orgWideSharing,
    privateForever: policy.retentionDays.private === null,
    privateDays: String(policy.retentionDays.private ?? DEFAULT_DAYS),
    sharedForever: policy.retentionDays.shared === null,
    sharedDays: String(policy.retentionDays.shared ?? DEFAULT_DAYS),
    allVersions: policy.keepVersions === null,
    keepVersions: String(policy.keepVersions ?? DEFAULT_KEEP_VERSIONS),
    comments: policy.comments,
  };
}

/**
 * The form as a policy, checked by the same validator the server runs; errors are keyed by
 * the policy's field names (`retentionDays.private`...), which is how the page places them.
 */
export function policyOf(form: PolicyForm): { policy: OrgPolicy } | { errors: PolicyFieldError[] } {
  const result = validateOrgPolicy({
    enabled: form.enabled,
    orgWideSharing: form.orgWideSharing,
    retentionDays: { private: form.privateForever ? null : typed(form.privateDays), shared: form.sharedForever ? null : typed(form.sharedDays) },
    keepVersions: form.allVersions ? null : typed(form.keepVersions),
    comments: form.comments,
  });
  return result.ok ? { policy: result.policy } : { errors: result.errors };
}

/** Whether saving the form would change `saved`. */
export function isChanged(form: PolicyForm, saved: OrgPolicy): boolean {
  const next = policyOf(form);
  return !('policy' in next) || JSON.stringify(next.policy) !== JSON.stringify(saved);
}

/** Field errors by field, the first one per field (what the page shows under each control). */
export function errorsByField(errors: readonly PolicyFieldError[]): Map<string, string> {
  const byField = new Map<string, string>();
  for (const error of errors) if (!byField.has(error.field)) byField.set(error.field, sentence(error));
  return byField;
}

/** A number box's text as the validator should see it: a number when it is one, else the text (refused as not a number). */
function typed(text: string): unknown {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

function sentence(error: PolicyFieldError): string {
  switch (error.code) {
    case 'invalid_type':
      return 'Enter a whole number.';
    case 'out_of_range':
      return error.message.replace(/^[\w.]+ must be/, 'Must be').replace(/ \(or null to keep forever\)$/, '.');
    default:
      return error.message;
  }
}
