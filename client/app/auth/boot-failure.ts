import { html, render } from 'lit';
import { ArtifactsError } from '../../sdk/index.ts';
import { returnUri } from './return-url.ts';

/**
 * What the page says when signing in fails before the app starts: the server or the IdP cannot
 * be reached, or the IdP answered with an error (e.g. the user cancelled). "Try again" starts a
 * fresh sign-in at the same page, so this is never a dead end.
 */
export function renderBootFailure(container: HTMLElement, error: unknown): void {
  container.removeAttribute('aria-busy');
  render(
    html`<div class="notice notice--error" role="alert" data-testid="sign-in-error">
      <p class="notice__title">Could not sign you in.</p>
      <p>${failureMessage(error)}</p>
      <p class="notice__actions">
        <button type="button" class="button" @click=${() => location.assign(returnUri(location))}>Try again</button>
      </p>
    </div>`,
    container,
  );
}

/** keycloak-js rejects with `{error, error_description}` for an IdP error, an Error otherwise. */
export function failureMessage(error: unknown): string {
  if (error instanceof ArtifactsError && error.status === 0) return 'The server cannot be reached. Check your connection.';
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'error' in error) {
    const { error: code, error_description: text } = error as { error: unknown; error_description?: unknown };
    return typeof text === 'string' && text ? `The sign-in server said: ${text}` : `The sign-in server said: ${String(code)}`;
  }
  return 'Something went wrong while signing in.';
}
