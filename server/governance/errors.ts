import type { PolicyFieldError, Refusal } from '#policies';
import { AppError, forbidden, notFound, pinned } from '../errors.ts';

/** The org's policy has the feature off: nobody creates, edits or opens artifacts (403; sockets 4403). */
export const featureDisabled = () =>
  new AppError('feature_disabled', 'Live Artifacts is turned off for your organization by its admins; existing artifacts are kept', 403);

/** The org's policy keeps org-wide sharing for org-admins. */
export const sharingRestricted = () =>
  new AppError('sharing_restricted', 'your organization lets only its admins share artifacts with the whole org; share with people or groups instead', 403);

/** 400 with every problem of a submitted policy; `field` names the first, `errors` lists all. */
export const invalidPolicy = (errors: readonly PolicyFieldError[]) =>
  new AppError('invalid_policy', errors.map((e) => e.message).join('; '), 400, { field: errors[0]?.field ?? 'body', errors });

/** The org's policy turns comments off: threads stay readable, nobody adds to them (403). */
export const commentsDisabled = () => new AppError('comments_disabled', "your organization's admins turned comments off; existing threads stay readable", 403);

/** A legal hold keeps this artifact's content: the removal was refused (and audited). */
export const legalHold = () =>
  new AppError('legal_hold', 'this artifact is under legal hold; an org admin or auditor must lift the hold before its content can be removed', 409);

/**
 * The error for a refusal of `decide` (policies/decide.ts): its status and code for HTTP, its
 * close code and reason for sockets. `forbiddenMessage` says what the caller may not do.
 */
export function refusalError(refusal: Refusal, forbiddenMessage?: string): AppError {
  switch (refusal.reason) {
    case 'not_found':
      return notFound();
    case 'feature_disabled':
      return featureDisabled();
    case 'pinned':
      return pinned(refusal.version);
    case 'sharing_restricted':
      return sharingRestricted();
    case 'comments_disabled':
      return commentsDisabled();
    case 'forbidden':
      return forbidden(forbiddenMessage);
  }
}
