import { html, nothing, type TemplateResult } from 'lit';
import { ArtifactsError } from '../api/index.ts';

/** Any rejection as an ArtifactsError, so every page words failures the same way. */
export function asApiError(error: unknown): ArtifactsError {
  return error instanceof ArtifactsError ? error : new ArtifactsError('Something went wrong.', 0, 'internal', {}, { cause: error });
}

/**
 * The headline for a failed load of `subject` (e.g. "this artifact's history"). A 404 and a
 * 403 read alike, because the server answers 404 where existence must not leak.
 */
export function failureTitle(error: ArtifactsError, subject: string): string {
  if (error.status === 401) return 'You are not signed in.';
  if (error.code === 'feature_disabled') return 'Live Artifacts is turned off for your organization.';
  if (error.status === 403 || error.status === 404) return `${capitalize(subject)} does not exist, or you do not have access to it.`;
  if (error.status === 0) return 'Cannot reach the server.';
  return `${capitalize(subject)} could not be loaded.`;
}

export function renderLoading(label: string): TemplateResult {
  return html`<div class="loading" role="status"><span class="spinner" aria-hidden="true"></span><p>${label}</p></div>`;
}

export interface FailureNotice {
  error: ArtifactsError;
  /** What failed to load, for the headline. */
  subject: string;
  testid: string;
  retry?: () => void;
  /** Links that lead somewhere useful from here (never a dead end). */
  links?: { href: string; label: string }[];
}

export function renderFailure({ error, subject, testid, retry, links = [] }: FailureNotice): TemplateResult {
  return html`<div class="notice notice--error" role="alert" data-testid=${testid}>
    <p class="notice__title">${failureTitle(error, subject)}</p>
    <p>${error.message}</p>
    <p class="notice__actions">
      ${retry ? html`<button type="button" class="button" @click=${retry}>Try again</button>` : nothing}
      ${links.map((link) => html`<a class="button button--quiet" href=${link.href}>${link.label}</a>`)}
    </p>
  </div>`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
